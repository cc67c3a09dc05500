import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { ApiHandler } from './handler';
import { json } from './http';

/**
 * Method + path → handler, for the places that put one handler behind many paths: the local HTTP
 * server and a single proxy Lambda. Path parameters come from the router's own match, so a
 * `{proxy+}` integration and a per-route one give handlers the same event.
 */

export interface RouteSpec {
  readonly method: 'GET' | 'POST';
  /** API Gateway resource syntax: `/visits/{id}/{action}`. */
  readonly resource: string;
  readonly handler: ApiHandler;
}

export type Router = (event: APIGatewayProxyEvent, context?: Context) => Promise<APIGatewayProxyResult>;

interface CompiledRoute extends RouteSpec {
  readonly segments: readonly string[];
}

const splitPath = (path: string): string[] => path.split('/').filter((segment) => segment.length > 0);

function match(route: CompiledRoute, segments: readonly string[]): Record<string, string> | undefined {
  if (route.segments.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, pattern] of route.segments.entries()) {
    const actual = segments[index]!;
    const name = /^\{(\w+)\}$/.exec(pattern)?.[1];
    if (name) params[name] = actual;
    else if (pattern !== actual) return undefined;
  }
  return params;
}

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** A Lambda context for callers that have none (the local server, tests). */
export function localContext(requestId = 'local'): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'home-visits-api',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:local:000000000000:function:home-visits-api',
    memoryLimitInMB: '256',
    awsRequestId: requestId,
    logGroupName: 'local',
    logStreamName: 'local',
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

export function createRouter(routes: readonly RouteSpec[]): Router {
  const compiled: CompiledRoute[] = routes.map((route) => ({ ...route, segments: splitPath(route.resource) }));
  return async (event, context = localContext(event.requestContext?.requestId)) => {
    const segments = splitPath(event.path ?? '').map(decode);
    if (segments.some((segment) => segment === undefined)) return json(404, { error: 'not-found', rule: 'no-such-route', message: 'no such route' });
    const candidates = compiled
      .map((route) => ({ route, params: match(route, segments as string[]) }))
      .filter((candidate): candidate is { route: CompiledRoute; params: Record<string, string> } => candidate.params !== undefined);
    if (candidates.length === 0) return json(404, { error: 'not-found', rule: 'no-such-route', message: 'no such route' });
    const found = candidates.find((candidate) => candidate.route.method === event.httpMethod);
    if (!found) {
      const allow = [...new Set(candidates.map((candidate) => candidate.route.method))].join(', ');
      return json(405, { error: 'method-not-allowed', message: `use ${allow}` }, { allow });
    }
    return found.route.handler({ ...event, resource: found.route.resource, pathParameters: found.params }, { ...context });
  };
}
