import { createHash, randomUUID } from 'node:crypto';
import type { Actor } from '../core/actor';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import * as z from 'zod';
import { ActionInput, type ActionName } from '../core/commands';
import { IsoTime } from '../core/event-store';
import { fieldIssues } from '../middleware/zod-input';
import { InvalidRequestError } from './http';
import { headerValue } from './identity';

/** Reading what the client sent: the JSON body, the path, the query and the headers this API knows. */

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
/** When the actor says the thing happened (a check-in sent late from a poor signal). */
export const CLAIMED_AT_HEADER = 'x-claimed-at';

export const VisitIdParam = z.string().regex(/^[A-Za-z0-9_-]{6,80}$/);
const IdempotencyKey = z.string().regex(/^[\x21-\x7e]{1,200}$/, 'printable ASCII, 1 to 200 characters');

/** The JSON body; an absent or empty body is `{}` (the actions with nothing to say). */
export function jsonBody(event: Pick<APIGatewayProxyEvent, 'body' | 'isBase64Encoded'>): unknown {
  const raw = event.isBase64Encoded && event.body ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  if (raw === null || raw === undefined || raw.trim() === '') return {};
  try {
    return JSON.parse(raw) as unknown;
  } catch (cause) {
    throw new InvalidRequestError([{ path: '', message: 'the body is not valid JSON' }], { cause });
  }
}

/** Parse with a schema; failures become 400 with the field errors. */
export function parseOr400<S extends z.ZodType>(schema: S, value: unknown, prefix = ''): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new InvalidRequestError(
    fieldIssues(result.error).map((issue) => ({ ...issue, path: prefix ? [prefix, issue.path].filter(Boolean).join('.') : issue.path })),
    { cause: result.error },
  );
}

/**
 * The action the client asked for, its body parsed with that action's schema (commands.ts
 * ActionInput): typed per action, and a bad body is a 400 naming the body's fields, as the body's own.
 */
export function actionOr400(name: ActionName, body: unknown): ActionInput {
  const result = ActionInput.safeParse({ name, body });
  if (result.success) return result.data;
  const issues = fieldIssues(result.error).map((issue) => ({ ...issue, path: issue.path.replace(/^body(\.|$)/, '') }));
  throw new InvalidRequestError(issues, { cause: result.error });
}

/** The visit id from the path; one outside the id pattern is a bad request (400), as a bad body is, not an unknown visit. */
export function visitIdOf(event: Pick<APIGatewayProxyEvent, 'pathParameters'>): string {
  const result = VisitIdParam.safeParse(event.pathParameters?.id);
  if (!result.success) throw new InvalidRequestError([{ path: 'id', message: 'a visit id is 6 to 80 letters, digits, - or _' }], { cause: result.error });
  return result.data;
}

export function queryOf(event: Pick<APIGatewayProxyEvent, 'queryStringParameters'>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(event.queryStringParameters ?? {}).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

/**
 * The command id: the client's Idempotency-Key scoped to the caller, else `fallback()`. Scoped, so
 * one caller's key can never replay another's request (the stream scopes it to the visit), and
 * hashed under `key:`, so it can never equal a workflow step's command id (`assess-risk:v2`).
 */
export function commandIdOf(event: Pick<APIGatewayProxyEvent, 'headers'>, caller: Actor, fallback: () => string = randomUUID): string {
  const key = headerValue(event, IDEMPOTENCY_KEY_HEADER);
  if (key === undefined) return fallback();
  const valid = parseOr400(IdempotencyKey, key, 'headers.Idempotency-Key');
  return `key:${createHash('sha256').update(`${caller.userId}\n${valid}`).digest('hex')}`;
}

export function claimedAtOf(event: Pick<APIGatewayProxyEvent, 'headers'>): string | undefined {
  const claimed = headerValue(event, CLAIMED_AT_HEADER);
  return claimed === undefined ? undefined : parseOr400(IsoTime, claimed, 'headers.X-Claimed-At');
}
