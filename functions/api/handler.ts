import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { HumanRole } from '../core/actor';
import { RecordUnreadableError, type RecordDamage } from '../core/record-damage';
import type { Log } from '../app/log';
import { RecordUnreadableConflict } from './http';
import { httpErrors, identity, type ApiContext, type ApiMiddleware } from './middleware';

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
export function apiHandler(logger: Log, name: string, access: RouteAccess, fn: ApiHandler): ApiHandler {
  const handler = middy<APIGatewayProxyEvent, APIGatewayProxyResult, Error, ApiContext>()
    .use(httpErrors(logger, name))
    .use(quarantined(logger, name));
  if (access.roles !== false) handler.use(identity({ roles: access.roles, rule: access.rule, ...(access.message ? { message: access.message } : {}) }));
  return handler.handler(fn);
}

/**
 * A visit whose record no longer parses answers 409 `record-unreadable`, never 500, and is logged
 * as an error: someone must repair it. Runs before httpErrors (middy runs onError last-used first),
 * which then answers the HttpError it leaves.
 */
export function quarantined(logger: Log, route: string): ApiMiddleware {
  return {
    onError: (request) => {
      const { error } = request;
      if (!(error instanceof RecordUnreadableError)) return;
      logRecordDamaged(logger, route, error.streamId, error);
      request.error = new RecordUnreadableConflict(error.version, { cause: error });
    },
  };
}

/**
 * The one log line for a damaged record, wherever it is met: ids, version and reason, never the
 * stored content. Operations alarm on `error = RecordUnreadableError`.
 */
export function logRecordDamaged(logger: Log, route: string, streamId: string, damage: RecordDamage): void {
  logger({ level: 'error', message: 'record damaged', route, error: 'RecordUnreadableError', streamId, version: damage.version, reason: damage.reason });
}
