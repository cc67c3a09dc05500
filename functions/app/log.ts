/**
 * One structured log line, the one shape every handler logs in (the API, the workflow's steps, the
 * alert publisher, the reconciler). Callers pass names, codes, ids and counts only: never a request
 * body or a person's details. On AWS and locally it is written by Powertools Logger
 * (adapters/powertools-log.ts); tests keep the entries.
 */
export type Log = (entry: { readonly level: 'info' | 'warn' | 'error'; readonly message: string } & Record<string, unknown>) => void;
