import type { Page } from 'playwright-core';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tokenFor, type App } from '../support/browser';
import { eventually } from '../support/eventually';

/**
 * What the browser tests set up over HTTP before a person opens a page: a Hunsbury Park visit
 * requested by the office (Olu) and authorised by the DSL (Dev), as bin/demo.ts drives one; and the
 * local alerts outbox the tests read to see what really went out.
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

export async function as(app: Pick<App, 'url'>, userId: string): Promise<As> {
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
export async function serverNow(app: Pick<App, 'url'>): Promise<number> {
  return Date.parse(((await (await fetch(`${app.url}/health`)).json()) as { now: string }).now);
}

export const ALICE = { userId: 'staff-alice', name: 'Alice Officer' } as const;
export const BOB = { userId: 'staff-bob', name: 'Bob Worker' } as const;

/** How a test's visit differs from the usual one. */
export interface VisitOptions {
  /** Who goes. @default Alice alone */
  readonly staff?: ReadonlyArray<{ readonly userId: string; readonly name: string }>;
  /** Minutes from the server's now to setting out; the appointment is 15 minutes after. @default 0 */
  readonly startsIn?: number;
  /** Minutes from setting out to back. @default 120 */
  readonly minutesOut?: number;
  /** The answers to the risk questions that are not the usual "no". */
  readonly risks?: Partial<Record<'knownRisksInRecords' | 'previousIncidents' | 'agenciesInvolved' | 'agencyConcernsForStaff' | 'unmitigatedConcerns', boolean>> & { readonly animals?: 'none' | 'present' | 'dangerous' };
}

/** A Hunsbury Park attendance visit, by Alice alone setting out now on the server's clock unless `options` say otherwise. */
export function hunsburyVisit(visitId: string, now: number, options: VisitOptions = {}) {
  const start = options.startsIn ?? 0;
  const at = (minutes: number) => new Date(now + (start + minutes) * 60_000).toISOString();
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
      expectedReturnAt: at(options.minutesOut ?? 120),
      staff: options.staff ?? [ALICE],
      preVisitChecks: ['records-checked', 'line-manager-informed'],
      riskFactors: { knownRisksInRecords: false, previousIncidents: false, agenciesInvolved: false, agencyConcernsForStaff: false, animals: 'none', unmitigatedConcerns: false, ...options.risks },
    },
  };
}

function must(step: string, reply: Reply, ...statuses: number[]): Reply {
  if (!statuses.includes(reply.status)) throw new Error(`${step}: HTTP ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply;
}

/** Requested by the office (`now`: the server's time it counts from, read if not given): waiting for authorisation. */
export async function requestVisit(app: Pick<App, 'url'>, visitId: string, options: VisitOptions & { readonly now?: number } = {}): Promise<void> {
  const office = await as(app, 'office-olu');
  must('request (office)', await office.post('/visits', hunsburyVisit(visitId, options.now ?? (await serverNow(app)), options)), 201);
}

/**
 * Requested by the office, authorised (by the DSL unless `authoriser` says who, with `note`),
 * risk-assessed by the workflow: ready for the staff to set off.
 */
export async function readyVisit(
  app: Pick<App, 'url'>,
  visitId: string,
  options: VisitOptions & { readonly now?: number; readonly authoriser?: string; readonly note?: string } = {},
): Promise<void> {
  await requestVisit(app, visitId, options);
  const authoriser = await as(app, options.authoriser ?? 'dsl-dev');
  must(`authorise (${options.authoriser ?? 'dsl-dev'})`, await authoriser.post(`/visits/${visitId}/authorise`, { note: options.note ?? 'Go ahead.' }), 200);
  await statusIs(app, visitId, 'ready');
}

/** Waits until the visit (read as the DSL) has `status`. */
export async function statusIs(app: Pick<App, 'url'>, visitId: string, status: string, timeoutMs = 20_000): Promise<Reply> {
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

export const panicButton = (page: Page) => page.getByRole('button', { name: 'Hold to call for help' });

/** Presses the mouse on the staff page's panic button, holds it `ms` of real time, and lets go. */
export async function hold(page: Page, ms: number, whileHeld?: () => Promise<void>): Promise<void> {
  const box = await panicButton(page).boundingBox();
  if (!box) throw new Error('the panic button is not on the screen');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const pressed = Date.now();
  await page.mouse.down();
  await whileHeld?.();
  await page.waitForTimeout(Math.max(0, ms - (Date.now() - pressed)));
  await page.mouse.up();
}
