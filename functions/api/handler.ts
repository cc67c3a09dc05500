import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { HumanRole } from '../core/actor';
import type { ApiLogger } from './deps';
import { httpErrors, identity, type ApiContext } from './middleware';

export type ApiHandler = (event: APIGatewayProxyEvent, context: ApiContext) => Promise<APIGatewayProxyResult>;

export interface RouteAccess {
  /** Roles allowed on the route, or 'any' authenticated caller; `false` for a public route (health). */
  readonly roles: readonly HumanRole[] | 'any' | false;
  /** The rule a refused caller is told. */
  readonly rule: string;
  readonly message?: string;
}

/**
 * A route's handler: the plain function, then errors → responses and (unless public) the caller's
 * identity and the route's role rule.
 *
 * @example
 * const health = apiHandler(logger, 'GET /health', { roles: false, rule: 'public' }, async () => json(200, { status: 'ok' }));
 */
export function apiHandler(logger: ApiLogger, name: string, access: RouteAccess, fn: ApiHandler): ApiHandler {
  const handler = middy<APIGatewayProxyEvent, APIGatewayProxyResult, Error, ApiContext>().use(httpErrors(logger, name));
  if (access.roles !== false) handler.use(identity({ roles: access.roles, rule: access.rule, ...(access.message ? { message: access.message } : {}) }));
  return handler.handler(fn);
}
