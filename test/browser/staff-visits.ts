import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tokenFor, type App } from '../support/browser';
import { eventually } from '../support/eventually';

/**
 * What the staff page's browser tests set up over HTTP before the person picks up the phone: a
 * Hunsbury Park visit requested by the office (Olu) and authorised by the DSL (Dev), as bin/demo.ts
 * drives one; and the local alerts outbox the tests read to see what really went out.
 */

export interface Reply {
  readonly status: number;
  /** The API's JSON, read field by field as the tests assert it. */
  readonly body: any;
}

export interface As {
  get(path: string): Promise<Reply>;
  post(path: string, body: unknown): Promise<Reply>;
}

export async function as(app: App, userId: string): Promise<As> {
  const token = await tokenFor(app, userId);
  const call = async (method: string, path: string, body?: unknown): Promise<Reply> => {
    const response = await fetch(`${app.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
  return { get: (path) => call('GET', path), post: (path, body) => call('POST', path, body) };
}

/** The server's clock (it runs `timeScale` times faster than real time). */
export async function serverNow(app: App): Promise<number> {
  return Date.parse(((await (await fetch(`${app.url}/health`)).json()) as { now: string }).now);
}

/** A Hunsbury Park attendance visit by Alice alone, starting now on the server's clock. */
export function hunsburyVisit(visitId: string, now: number) {
  const at = (minutes: number) => new Date(now + minutes * 60_000).toISOString();
  return {
    visitId,
    details: {
      schoolId: 'hunsbury-park',
      kind: 'planned',
      purpose: 'attendance',
      purposeDetail: 'Attendance has fallen this term; agree a plan with the family.',
      pupil: { id: 'pupil-0042', name: 'Sam Pupil' },
      address: '12 Example Road, Northampton NN1 1AA',
      appointmentAt: at(15),
      plannedStartAt: at(0),
      expectedReturnAt: at(120),
      staff: [{ userId: 'staff-alice', name: 'Alice Officer' }],
      preVisitChecks: ['records-checked', 'line-manager-informed'],
      riskFactors: { knownRisksInRecords: false, previousIncidents: false, agenciesInvolved: false, agencyConcernsForStaff: false, animals: 'none', unmitigatedConcerns: false },
    },
  };
}

function must(step: string, reply: Reply, ...statuses: number[]): Reply {
  if (!statuses.includes(reply.status)) throw new Error(`${step}: HTTP ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply;
}

/** Requested by the office, authorised by the DSL, risk-assessed by the workflow: ready for Alice to set off. */
export async function readyVisit(app: App, visitId: string, now?: number): Promise<void> {
  const [office, dsl] = await Promise.all([as(app, 'office-olu'), as(app, 'dsl-dev')]);
  must('request (office)', await office.post('/visits', hunsburyVisit(visitId, now ?? (await serverNow(app)))), 201);
  must('authorise (DSL)', await dsl.post(`/visits/${visitId}/authorise`, { note: 'Go ahead.' }), 200);
  await statusIs(app, visitId, 'ready');
}

/** Waits until the visit (read as the DSL) has `status`. */
export async function statusIs(app: App, visitId: string, status: string, timeoutMs = 20_000): Promise<Reply> {
  const dsl = await as(app, 'dsl-dev');
  return eventually(`visit ${visitId} to be ${status}`, async () => {
    const reply = await dsl.get(`/visits/${visitId}`);
    return reply.body?.status === status && reply;
  }, { timeoutMs, everyMs: 200 });
}

export interface OutboxLine {
  readonly kind: string;
  readonly visitId: string;
  readonly severity: string;
  readonly messageId: string;
}

/** Every alert the app's local outbox has published so far (`<dataDir>/outbox.jsonl`). */
export async function outboxLines(app: App): Promise<OutboxLine[]> {
  const text = await readFile(join(app.dataDir, 'outbox.jsonl'), 'utf8').catch(() => '');
  return text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as OutboxLine);
}

export const alertsFor = async (app: App, visitId: string, kind: string) =>
  (await outboxLines(app)).filter((line) => line.visitId === visitId && line.kind === kind);
