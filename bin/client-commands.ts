import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { ACTION_NAMES } from '../functions/core/commands';
import { REPORT_ACCEPT, type ReportFormatName } from './client/api-client';

/**
 * The API client's commands of `npm run visit`: start a visit from a JSON file, send an action,
 * show a visit's state. They print what the API answered and leave every rule to the server, so the
 * CLI can never disagree with the API about what is allowed.
 *
 *   start <file.json> [--visit-id <id>]        the file is `{ visitId?, details }` or the details alone
 *   act <visitId> <action> [--body <json> | --file <file.json>]
 *   show <visitId>
 *   report <visitId> [--format json|md|pdf] [--out <file>]   (the PDF needs --out)
 */

export const CLIENT_COMMANDS = ['start', 'act', 'show'] as const;
export type ClientCommand = (typeof CLIENT_COMMANDS)[number];

export const isClientCommand = (command: string | undefined): command is ClientCommand =>
  (CLIENT_COMMANDS as readonly string[]).includes(command ?? '');

/** What `act` sends: every action but the request, which is `start`. */
const ACTS: readonly string[] = ACTION_NAMES.filter((name) => name !== 'request');

export interface ClientRequest {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body?: unknown;
}

export interface ClientArgs {
  readonly positionals: readonly string[];
  readonly visitId?: string | undefined;
  readonly body?: string | undefined;
  readonly file?: string | undefined;
}

/** Thrown for what the user typed wrong; the caller turns it into the usage exit code. */
export class ClientUsageError extends Error {
  override readonly name = 'ClientUsageError';
}

/** The HTTP request a client command stands for, or a usage error saying what is missing. */
export async function clientRequest(command: ClientCommand, args: ClientArgs): Promise<ClientRequest> {
  const [first, second, ...extra] = args.positionals;
  switch (command) {
    case 'start': {
      if (!first || second !== undefined) throw new ClientUsageError('start takes one JSON file: npm run visit -- start visit.json');
      const content = await jsonFile(first);
      const request: Record<string, unknown> = isObject(content) && 'details' in content ? content : { details: content };
      const visitId = args.visitId ?? (typeof request.visitId === 'string' ? request.visitId : `visit-${randomUUID()}`);
      return { method: 'POST', path: '/visits', body: { ...request, visitId } };
    }
    case 'act': {
      if (!first || !second || extra.length > 0) throw new ClientUsageError(`act takes a visit id and an action: npm run visit -- act <visitId> <${ACTS.join('|')}>`);
      if (!ACTS.includes(second)) throw new ClientUsageError(`no action "${second}"; one of: ${ACTS.join(', ')}`);
      if (args.body !== undefined && args.file !== undefined) throw new ClientUsageError('give the body with --body or --file, not both');
      const body = args.file !== undefined ? await jsonFile(args.file) : args.body !== undefined ? parseJson(args.body, '--body') : {};
      return { method: 'POST', path: `/visits/${encodeURIComponent(first)}/${second}`, body };
    }
    case 'show':
      if (!first || second !== undefined) throw new ClientUsageError('show takes a visit id: npm run visit -- show <visitId>');
      return { method: 'GET', path: `/visits/${encodeURIComponent(first)}` };
  }
}

export interface ReportRequest {
  readonly path: string;
  readonly format: ReportFormatName;
  /** The Accept header: API Gateway sends the PDF as bytes only to a first Accept type of application/pdf. */
  readonly accept: string;
  /** Where to write the body; printed when absent (never for a PDF). */
  readonly out?: string;
}

export interface ReportArgs {
  readonly positionals: readonly string[];
  readonly format?: string | undefined;
  readonly out?: string | undefined;
}

const isReportFormat = (format: string): format is ReportFormatName => Object.hasOwn(REPORT_ACCEPT, format);

/** The GET of a visit's report, with the Accept header of its format, or a usage error. */
export function reportRequest(args: ReportArgs): ReportRequest {
  const [visitId, ...extra] = args.positionals;
  if (!visitId || extra.length > 0) throw new ClientUsageError('report takes a visit id: npm run visit -- report <visitId> [--format json|md|pdf] [--out FILE]');
  const format = args.format ?? 'json';
  if (!isReportFormat(format)) throw new ClientUsageError(`no report format "${format}"; one of: ${Object.keys(REPORT_ACCEPT).join(', ')}`);
  if (format === 'pdf' && args.out === undefined) throw new ClientUsageError('a PDF is written to a file: add --out <file.pdf>');
  return {
    path: `/visits/${encodeURIComponent(visitId)}/report?format=${format}`,
    format,
    accept: REPORT_ACCEPT[format],
    ...(args.out !== undefined ? { out: args.out } : {}),
  };
}

async function jsonFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ClientUsageError(`cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return parseJson(text, path);
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ClientUsageError(`${where} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
