import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { Actor } from '../../functions/core/actor';

/**
 * API Gateway REST (v1) proxy events as API Gateway sends them, for driving the router and the
 * handlers exactly as on AWS: the stage in requestContext.path, the Cognito authorizer's claims as
 * strings, multi-value twins of headers and query.
 */

export type Claims = Record<string, string>;

/** What API Gateway's Cognito authorizer passes on for a user in one or more groups. */
export function claimsFor(actor: Pick<Actor, 'userId' | 'role' | 'name'>, groups: string = actor.role): Claims {
  return {
    sub: actor.userId,
    // Cognito's standard `name` attribute, where the user has one: the record names them by it.
    ...(actor.name ? { name: actor.name } : {}),
    'cognito:groups': groups,
    'cognito:username': actor.userId,
    email_verified: 'true',
    iss: 'https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_example',
    aud: 'example-client-id',
    token_use: 'id',
    auth_time: '1795426200',
    exp: 'Mon Nov 23 10:30:00 UTC 2026',
    iat: 'Mon Nov 23 09:30:00 UTC 2026',
  };
}

export interface ApiEventOptions {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  /** The path as the client asked for it, with an optional query string: `/visits?status=active`. */
  readonly path: string;
  /** An object is sent as JSON; a string is sent as is (for malformed bodies). */
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  /** null: no authorizer at all (an unauthenticated call). */
  readonly claims?: Claims | null;
  /** The resource API Gateway matched; the router sets its own. @default '/{proxy+}' */
  readonly resource?: string;
}

export function apiEvent(options: ApiEventOptions): APIGatewayProxyEvent {
  const url = new URL(options.path, 'https://api.example.test');
  const query = Object.fromEntries(url.searchParams.entries());
  const multiQuery: Record<string, string[]> = {};
  for (const [name, value] of url.searchParams.entries()) (multiQuery[name] ??= []).push(value);
  const body = options.body === undefined ? null : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  const headers: Record<string, string> = {
    Accept: 'application/json',
    Host: 'abc123.execute-api.eu-west-2.amazonaws.com',
    'User-Agent': 'home-visits-tests',
    'X-Forwarded-Proto': 'https',
    ...(body !== null ? { 'Content-Type': 'application/json' } : {}),
    ...options.headers,
  };
  const resource = options.resource ?? '/{proxy+}';
  const hasQuery = url.searchParams.size > 0;
  const path = decodeURIComponent(url.pathname);
  return {
    resource,
    path,
    httpMethod: options.method,
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]])),
    queryStringParameters: hasQuery ? query : null,
    multiValueQueryStringParameters: hasQuery ? multiQuery : null,
    pathParameters: resource === '/{proxy+}' ? { proxy: path.replace(/^\//, '') } : null,
    stageVariables: null,
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      authorizer: options.claims === null ? null : { claims: options.claims ?? {} },
      protocol: 'HTTP/1.1',
      httpMethod: options.method,
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: '203.0.113.7',
        user: null,
        userAgent: 'home-visits-tests',
        userArn: null,
      },
      path: `/prod${path}`,
      stage: 'prod',
      requestId: randomUUID(),
      requestTimeEpoch: Date.parse('2026-11-23T09:30:00Z'),
      resourceId: 'res123',
      resourcePath: resource,
    },
    body,
    isBase64Encoded: false,
  };
}

/** An event from `actor` (claims as API Gateway passes them), or with no identity when actor is null. */
export function eventAs(actor: Actor | null, method: ApiEventOptions['method'], path: string, body?: unknown, headers?: Record<string, string>): APIGatewayProxyEvent {
  return apiEvent({ method, path, body, ...(headers ? { headers } : {}), claims: actor ? claimsFor(actor) : null });
}
