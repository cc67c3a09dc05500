import type middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { Actor, HumanRole } from '../core/actor';
import { EventStoreUnavailableError, ExpectedVersionConflictError } from '../core/event-store';
import { SignalFailedError } from '../app/visit-service';
import { InvalidInputError } from '../middleware/zod-input';
import type { Log } from '../app/log';
import { ForbiddenError, HttpError, json } from './http';
import { actorFrom } from './identity';

/** The Lambda context as API handlers see it: the identity middleware adds the caller. */
export type ApiContext = Context & { actor?: Actor };

export type ApiMiddleware = middy.MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult, Error, ApiContext>;

/** The caller, as the identity middleware left it; a route without that middleware has none. */
export function callerOf(context: ApiContext): Actor {
  if (!context.actor) throw new Error('no caller on the context: the route is missing the identity middleware');
  return context.actor;
}

/**
 * Sets `context.actor` from the authorizer's claims and applies the route's role rule.
 *
 * @example
 * middy(history).use(identity({ roles: ['auditor', 'dsl', 'headteacher', 'admin'], rule: 'history-readers' }))
 */
export function identity(access: { roles: readonly HumanRole[] | 'any'; rule: string; message?: string }): ApiMiddleware {
  return {
    before: (request) => {
      const actor = actorFrom(request.event);
      if (access.roles !== 'any' && !(access.roles as readonly string[]).includes(actor.role)) {
        throw new ForbiddenError(access.rule, access.message ?? `a ${actor.role} may not use this route`);
      }
      request.context.actor = actor;
    },
  };
}

/**
 * Turns errors into responses: HttpError and invalid input as they say, a store that cannot be
 * reached as 503, a lost race as 409; anything else is logged by name (no bodies, no personal data)
 * and answered 500 without details.
 */
export function httpErrors(logger: Log, route: string): ApiMiddleware {
  return {
    onError: (request) => {
      const { error } = request;
      if (error instanceof HttpError) {
        request.response = json(error.statusCode, error.body);
      } else if (error instanceof InvalidInputError) {
        request.response = json(400, { error: 'invalid-request', issues: error.issues });
      } else if (error instanceof ExpectedVersionConflictError) {
        request.response = json(409, { error: 'conflict', rule: 'concurrent-update', message: 'the visit changed while this request ran: retry it', retryable: true });
      } else if (error instanceof SignalFailedError) {
        logger({ level: 'warn', message: 'workflow not signalled', route, error: error.name });
        request.response = json(
          503,
          { error: 'unavailable', rule: 'workflow-not-signalled', recorded: true, retryable: true, message: 'recorded; retry with the same Idempotency-Key to wake the workflow' },
          { 'retry-after': '1' },
        );
      } else if (error instanceof EventStoreUnavailableError) {
        logger({ level: 'warn', message: 'event store unavailable', route, error: error.name });
        request.response = json(503, { error: 'unavailable', message: 'try again shortly', retryable: true }, { 'retry-after': '1' });
      } else {
        logger({ level: 'error', message: 'unhandled error', route, error: error?.name ?? 'unknown', detail: error?.message?.slice(0, 300) });
        request.response = json(500, { error: 'internal', message: 'something went wrong; nothing more is said here' });
      }
    },
  };
}
