import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { z } from 'zod';
import { History } from '../functions/api/schemas';
import { auditStreamId } from '../functions/core/audit';
import type { StoredEvent } from '../functions/core/event-store';
import { verifyChain, type ChainVerification } from '../functions/core/hash-chain';
import { buildTimeline, formatTimeline, formatVerdict } from '../functions/core/timeline';
import { clientRequest, ClientUsageError, isClientCommand, reportRequest, type ClientRequest, type ReportRequest } from './client-commands';

/**
 * The visits CLI, thin on purpose, against the API (the local runtime or a deployed stack).
 * For auditors: read a visit's history, check the hash chain here, independently of the server,
 * and print (what is said lives in the core's narrator, functions/core/narrate.ts, as on the auditor's page;
 * functions/core/timeline.ts lays it out for the terminal). For API clients: start a visit,
 * send an action, show a visit (bin/client-commands.ts).
 *
 *   npm run visit -- replay <visitId> [--as-of <ISO time>]
 *   npm run visit -- verify <visitId> [--expect-head <sha256>]
 *   npm run visit -- start <file.json> [--visit-id <id>]
 *   npm run visit -- act <visitId> <action> [--body <json> | --file <file.json>]
 *   npm run visit -- show <visitId>
 *   npm run visit -- report <visitId> [--format json|md|pdf] [--out <file>]
 *   options: --url <base URL> (HOME_VISITS_URL, default http://localhost:3000)
 *            --token <bearer JWT> (HOME_VISITS_TOKEN; locally: npm run token -- auditor)
 *
 * Exit codes: 0 verified (or the API accepted); 1 the chain does not verify (or the server's
 * verdict, or the expected head, disagrees), or the API refused; 2 usage; 3 the API could not be read.
 */

export const EXIT = { verified: 0, broken: 1, refused: 1, usage: 2, unreadable: 3 } as const;

export const DEFAULT_URL = 'http://localhost:3000';

export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly fetch: typeof fetch;
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  env: process.env,
  fetch: globalThis.fetch,
};

const USAGE = `usage: npm run visit -- <command> … [--url URL] [--token JWT]
  replay <visitId> [--as-of ISO]            the visit's timeline: times, stages, check-ins and gaps, alerts and who answered them
  verify <visitId> [--expect-head SHA256]   check the hash chain of the visit (and of the record of who read it); exit 1 if it does not verify
  start <file.json> [--visit-id ID]         request a visit: the file holds { visitId?, details } or the details alone
  act <visitId> <action> [--body JSON | --file FILE]   authorise, decline, depart, arrive, check-in, leave, return, …
  show <visitId>                            the visit's current state
  report <visitId> [--format json|md|pdf] [--out FILE]   the filed report (a PDF only to a file, checked to be one)
  --url    the API (HOME_VISITS_URL; default ${DEFAULT_URL})
  --token  a bearer token for an auditor, DSL, headteacher or admin (HOME_VISITS_TOKEN)`;

type HistoryBody = z.infer<typeof History>;

class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    if (error instanceof CliError) {
      io.err(error.message);
      return error.exitCode;
    }
    throw error;
  }
}

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  // Help wins over anything else on the line (before a `--`), as in every bin/ command.
  const options = argv.includes('--') ? argv.slice(0, argv.indexOf('--')) : argv;
  if (options.some((arg) => arg === '--help' || arg === '-h')) {
    io.out(USAGE);
    return EXIT.verified;
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        url: { type: 'string' },
        token: { type: 'string' },
        'as-of': { type: 'string' },
        'expect-head': { type: 'string' },
        'visit-id': { type: 'string' },
        body: { type: 'string' },
        file: { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new CliError(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`, EXIT.usage);
  }
  const { values, positionals } = parsed;
  const [command, visitId, ...extra] = positionals;
  if (values.help) {
    io.out(USAGE);
    return EXIT.verified;
  }
  const url = values.url ?? io.env.HOME_VISITS_URL ?? DEFAULT_URL;
  const token = values.token ?? io.env.HOME_VISITS_TOKEN;
  if (isClientCommand(command)) {
    let request: ClientRequest;
    try {
      request = await clientRequest(command, { positionals: positionals.slice(1), visitId: values['visit-id'], body: values.body, file: values.file });
    } catch (error) {
      if (error instanceof ClientUsageError) throw new CliError(`${error.message}\n${USAGE}`, EXIT.usage);
      throw error;
    }
    return send(io, url, requireToken(token), request);
  }
  if (command === 'report') {
    let request: ReportRequest;
    try {
      request = reportRequest({ positionals: positionals.slice(1), format: values.format, out: values.out });
    } catch (error) {
      if (error instanceof ClientUsageError) throw new CliError(`${error.message}\n${USAGE}`, EXIT.usage);
      throw error;
    }
    return fetchReport(io, url, requireToken(token), request);
  }
  if ((command !== 'replay' && command !== 'verify') || !visitId || extra.length > 0) throw new CliError(USAGE, EXIT.usage);
  if (values['as-of'] !== undefined && Number.isNaN(Date.parse(values['as-of']))) throw new CliError(`--as-of: not a time: ${values['as-of']}`, EXIT.usage);

  const query = new URLSearchParams();
  if (command === 'replay' && values['as-of']) query.set('asOf', new Date(values['as-of']).toISOString());
  if (command === 'verify') query.set('include', 'reads');
  const history = await fetchHistory(io, url, requireToken(token), visitId, query);

  const local = verifyChain(storedEvents(history.visitId, history.events));
  const problems = disagreements(history, local, values['expect-head']);

  if (command === 'replay') {
    io.out(formatTimeline(buildTimeline({ visitId: history.visitId, events: history.events, policy: history.policy })));
    io.out('');
  }
  io.out(formatVerdict(history.asOf ? `Chain up to ${history.asOf}` : 'Chain', local, history.events.length));
  if (history.streamIntegrity && !history.streamIntegrity.ok) {
    io.out(formatVerdict('Whole stream (server)', history.streamIntegrity, history.events.length));
  }
  if (history.reads) {
    const reads = verifyChain(storedEvents(auditStreamId(history.visitId), history.reads.events));
    io.out(formatVerdict('Record of history reads', reads, history.reads.events.length));
    if (!reads.ok) problems.push(`the record of who read this history does not verify at version ${reads.version}`);
  }
  for (const problem of problems) io.out(`PROBLEM: ${problem}`);
  return problems.length === 0 ? EXIT.verified : EXIT.broken;
}

function requireToken(token: string | undefined): string {
  if (!token) throw new CliError('a bearer token is needed: --token or HOME_VISITS_TOKEN (locally: npm run token -- auditor)', EXIT.usage);
  return token;
}

/** A path under the base URL, which may itself have a path (a deployed stage: https://…/prod). */
const apiUrl = (base: string, path: string) => new URL(path.replace(/^\//, ''), base.endsWith('/') ? base : `${base}/`);

async function call(io: CliIo, target: URL, token: string, init: RequestInit = {}): Promise<Response> {
  try {
    return await io.fetch(target, { ...init, headers: { authorization: `Bearer ${token}`, accept: 'application/json', ...init.headers } });
  } catch (error) {
    throw new CliError(`cannot reach ${target.origin}: ${error instanceof Error ? error.message : String(error)}`, EXIT.unreadable);
  }
}

/** A client command: print the API's answer as it came; a refusal (4xx, with its rule or field errors) exits 1. */
async function send(io: CliIo, url: string, token: string, request: ClientRequest): Promise<number> {
  const target = apiUrl(url, request.path);
  const response = await call(io, target, token, {
    method: request.method,
    ...(request.body === undefined ? {} : { body: JSON.stringify(request.body), headers: { 'content-type': 'application/json' } }),
  });
  const text = await response.text();
  const body = safeJson(text);
  const shown = body === undefined ? text : JSON.stringify(body, null, 2);
  if (response.status >= 500) throw new CliError(`${request.method} ${target.pathname}: ${response.status} ${shown.slice(0, 300)}`, EXIT.unreadable);
  (response.ok ? io.out : io.err)(`${request.method} ${target.pathname} → ${response.status}\n${shown}`);
  return response.ok ? EXIT.verified : EXIT.refused;
}

/**
 * A visit's report, asked for with its format's Accept header (API Gateway sends the PDF as bytes
 * only to `Accept: application/pdf`), printed or written to --out; a PDF that is not one (base64
 * text from an API that does not list application/pdf as binary) is refused, not written.
 */
async function fetchReport(io: CliIo, url: string, token: string, request: ReportRequest): Promise<number> {
  const target = apiUrl(url, request.path);
  const response = await call(io, target, token, { headers: { accept: request.accept } });
  const bytes = Buffer.from(await response.arrayBuffer());
  if (response.status >= 500) throw new CliError(`GET ${target.pathname}: ${response.status} ${bytes.toString('utf8').slice(0, 300)}`, EXIT.unreadable);
  if (!response.ok) {
    const text = bytes.toString('utf8');
    const body = safeJson(text);
    io.err(`GET ${target.pathname} → ${response.status}\n${body === undefined ? text : JSON.stringify(body, null, 2)}`);
    return EXIT.refused;
  }
  if (request.format === 'pdf' && bytes.subarray(0, 5).toString('latin1') !== '%PDF-') {
    throw new CliError(`GET ${target.pathname}: the answer is not a PDF (${bytes.subarray(0, 12).toString('latin1')}…): is application/pdf among the API's binary media types?`, EXIT.unreadable);
  }
  if (request.out === undefined) {
    const text = bytes.toString('utf8');
    const body = request.format === 'json' ? safeJson(text) : undefined;
    io.out(body === undefined ? text : JSON.stringify(body, null, 2));
    return EXIT.verified;
  }
  try {
    await writeFile(request.out, bytes);
  } catch (error) {
    throw new CliError(`cannot write ${request.out}: ${error instanceof Error ? error.message : String(error)}`, EXIT.usage);
  }
  io.out(`GET ${target.pathname} → ${response.status}: ${bytes.length} bytes (${response.headers.get('content-type') ?? 'no content-type'}) written to ${request.out}`);
  return EXIT.verified;
}

async function fetchHistory(io: CliIo, url: string, token: string, visitId: string, query: URLSearchParams): Promise<HistoryBody> {
  const target = apiUrl(url, `visits/${encodeURIComponent(visitId)}/history${query.size ? `?${query}` : ''}`);
  const response = await call(io, target, token);
  const text = await response.text();
  if (!response.ok) {
    throw new CliError(`GET ${target.pathname}: ${response.status} ${text.slice(0, 300)}`, EXIT.unreadable);
  }
  const body = History.safeParse(safeJson(text));
  if (!body.success) throw new CliError(`GET ${target.pathname}: the answer is not a visit history (${body.error.issues[0]?.message})`, EXIT.unreadable);
  return body.data;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The stored events again, from what the API shows of them: enough to recompute every hash here. */
export function storedEvents(streamId: string, events: HistoryBody['events']): StoredEvent[] {
  return events.map((event) => ({
    streamId,
    version: event.version,
    type: event.type,
    data: event.data,
    meta: {
      commandId: event.commandId,
      actor: { userId: event.actor, role: event.role, ...(event.actorName ? { name: event.actorName } : {}) },
      recordedAt: event.recordedAt,
      ...(event.claimedAt ? { claimedAt: event.claimedAt } : {}),
      ...(event.requestHash ? { requestHash: event.requestHash } : {}),
    },
    prevHash: event.prevHash,
    hash: event.hash,
  }));
}

function disagreements(history: HistoryBody, local: ChainVerification, expectedHead: string | undefined): string[] {
  const problems: string[] = [];
  const server = history.integrity;
  if (!local.ok) problems.push(`the visit's chain does not verify at version ${local.version} (${local.reason})`);
  if (server.ok !== local.ok || (!server.ok && !local.ok && server.version !== local.version)) {
    problems.push(`the server's verdict (${server.ok ? 'verified' : `fails at version ${server.version}`}) differs from this check's`);
  }
  if (!history.readable.ok) {
    problems.push(`the record no longer parses from version ${history.readable.version} (${history.readable.reason}: ${history.readable.detail})`);
  }
  if (history.streamIntegrity && !history.streamIntegrity.ok) {
    problems.push(`the whole stream does not verify at version ${history.streamIntegrity.version} (after the time asked for)`);
  }
  if (expectedHead !== undefined && (!local.ok || local.headHash !== expectedHead)) {
    problems.push(`the head hash is ${local.ok ? local.headHash : 'unknown'}, not the expected ${expectedHead}`);
  }
  return problems;
}
