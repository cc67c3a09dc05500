import createClient, { type Middleware } from 'openapi-fetch';
import type { Policy as CorePolicy } from '../../../functions/core/policy';
import type { components, paths } from './api-schema';
import { siteConfig } from './config';
import { freshSession } from './sign-in';

/**
 * The one way the pages call the API: typed by the paths and schemas generated from the API's own
 * OpenAPI document (api-schema.d.ts), with the signed-in person's token as the bearer.
 */

export type Schemas = components['schemas'];
export type BoardRow = Schemas['BoardSummary'];
export type VisitView = Schemas['VisitView'];
export type History = Schemas['History'];

/** A visit as the API returns it, by status: the core's schema (functions/core/visit-schema.ts) as the API's document describes it. */
export type Visit = Schemas['Visit'];
export type Alert = Schemas['Alert'];
/** The school's policy in force for a visit (VisitView.policy, History.policy), without the clauses it cites. */
export type Policy = CorePolicy;

/** The signed-in person's token, refreshed first when it is near its end; a request that names its own Authorization (a visit pass) keeps it. */
const bearer: Middleware = {
  async onRequest({ request }) {
    if (request.headers.has('authorization')) return request;
    const session = await freshSession();
    if (session) request.headers.set('authorization', `Bearer ${session.token}`);
    return request;
  },
};

let client: Promise<ReturnType<typeof createClient<paths>>> | undefined;

export function api(): Promise<ReturnType<typeof createClient<paths>>> {
  client ??= siteConfig().then((config) => {
    const created = createClient<paths>({ baseUrl: config.apiUrl || location.origin });
    created.use(bearer);
    return created;
  }).catch((error: unknown) => {
    client = undefined; // offline: the next call tries again
    throw error;
  });
  return client;
}

/** A refusal or invalid request as the API words it, for the person to read. */
export interface ApiProblem {
  readonly status: number;
  readonly error?: string;
  readonly rule?: string;
  readonly message: string;
  /** Field errors of an invalid request: where, and what is wrong. */
  readonly issues?: ReadonlyArray<{ path: string; message: string }>;
}

/** The server's own words for why it said no; never a bare status code. */
export function problemOf(status: number, body: unknown): ApiProblem {
  const known = (body ?? {}) as { error?: string; rule?: string; message?: string; issues?: Array<{ path: string; message: string }> };
  const fallback: Record<number, string> = {
    401: 'You are signed out. Sign in again.',
    403: 'Your role does not allow this.',
    404: 'There is no such visit.',
    409: 'The visit has moved on: this is no longer allowed.',
    413: 'That is too much to send at once.',
  };
  return {
    status,
    ...(known.error ? { error: known.error } : {}),
    ...(known.rule ? { rule: known.rule } : {}),
    message: known.message ?? (known.issues ? 'Check the answers below.' : (fallback[status] ?? `The server could not do this (HTTP ${status}).`)),
    ...(known.issues ? { issues: known.issues } : {}),
  };
}
