import type { APIGatewayProxyResult } from 'aws-lambda';

/** Responses and the errors that become them. Every body is JSON and never cached (it may hold personal data). */

export interface FieldIssue {
  readonly path: string;
  readonly message: string;
}

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyResult {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
    body: JSON.stringify(body),
  };
}

/** An error that already knows its HTTP answer. */
export class HttpError extends Error {
  override readonly name: string = 'HttpError';
  constructor(
    readonly statusCode: number,
    readonly body: Record<string, unknown>,
    options?: { cause?: unknown },
  ) {
    super(`${statusCode} ${String(body.error)}${body.rule ? ` (${String(body.rule)})` : ''}`, options);
  }
}

export class InvalidRequestError extends HttpError {
  override readonly name = 'InvalidRequestError';
  constructor(readonly issues: readonly FieldIssue[], options?: { cause?: unknown }) {
    super(400, { error: 'invalid-request', issues }, options);
  }
}

export class UnauthenticatedError extends HttpError {
  override readonly name = 'UnauthenticatedError';
  constructor(message = 'a valid bearer token is required') {
    super(401, { error: 'unauthenticated', message });
  }
}

export class ForbiddenError extends HttpError {
  override readonly name = 'ForbiddenError';
  constructor(rule: string, message: string) {
    super(403, { error: 'forbidden', rule, message });
  }
}

export class NotFoundError extends HttpError {
  override readonly name = 'NotFoundError';
  constructor(rule: string, message: string) {
    super(404, { error: 'not-found', rule, message });
  }
}

export class ConflictError extends HttpError {
  override readonly name = 'ConflictError';
  constructor(rule: string, message: string, extra: Record<string, unknown> = {}) {
    super(409, { error: 'conflict', rule, message, ...extra });
  }
}

/**
 * The visit's record no longer parses from `version` on (quarantine): nothing can be shown or
 * decided from it until it is repaired. Not retryable; the history names the version and shows
 * the stream as stored.
 */
export class RecordUnreadableConflict extends HttpError {
  override readonly name = 'RecordUnreadableConflict';
  constructor(version: number, options?: { cause?: unknown }) {
    super(
      409,
      {
        error: 'conflict',
        rule: 'record-unreadable',
        message: `this visit's record no longer parses from version ${version}: it is set aside until it is repaired; its history shows where`,
        version,
      },
      options,
    );
  }
}
