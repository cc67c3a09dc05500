import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertsFor } from '../../functions/core/alerts';
import type { StoredEvent } from '../../functions/core/event-store';
import { parseVisitEvent, type StoredVisitEvent } from '../../functions/core/events';
import { verifyChain } from '../../functions/core/hash-chain';
import { storedEvents } from '../../bin/visit-cli';
import { History } from '../../functions/api/schemas';
import { addMinutes, minutesBetween } from '../../functions/core/time';
import { fold, type Visit } from '../../functions/core/visit-state';
import { createLocalAuth, demoDuressCodes } from '../../local/auth';
import { startDynalite } from '../../local/dynalite';
import { ScaledClock } from '../../local/engine';
import { createVisitRuntime } from '../../local/visit-runtime';
import { eventually } from '../support/eventually';
import { uniqueId } from '../support/ids';
import { freePort, startRuntimeProcess, type RuntimeProcess } from '../support/runtime-process';
import { policies, policyOf, visitDetails } from '../support/scenario';
import { startWebhookServer, type WebhookServer } from '../support/webhook-server';

/**
 * `npm start` as a child process, killed with SIGKILL in the middle of traffic three times and
 * started again on the same data folder, its alerts going to a webhook this test runs. Staff on
 * three visits check in and press panic over HTTP the whole time, each request under its own
 * Idempotency-Key and sent again under the same key whenever the server died under it. A fourth
 * visit departs just before one of the kills and nobody checks in: its check-in deadline falls due
 * while no server is running.
 *
 * Afterwards: every accepted request's event is in its stream exactly once, every alert the
 * streams committed reached the webhook, the deadline missed while down raised its alert as soon
 * as the runtime was back, and every stream's hash chain verifies, read straight from the store.
 */

const SCHOOL = 'hunsbury-park';
const POLICY = policyOf(SCHOOL);
/** 2 scaled hours (the check-in interval) pass in 6 s. */
const TIME_SCALE = 1200;
const REAL_MS_PER_SCALED_MINUTE = 60_000 / TIME_SCALE;
const ACCEPTED_PER_RUN = 6;
const PARENT_AT_HOME = { peoplePresent: [{ name: 'Pat Parent', relationship: 'parent' }], invitedIn: true, animals: 'none' };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let dir: string;
let hook: WebhookServer;
let port: number;
let child: RuntimeProcess | undefined;
/** What every run printed, for the failure message. */
const outputs: string[] = [];
/** Set once the test is over: clients stop sending. */
let over = false;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'home-visits-crash-'));
  hook = await startWebhookServer();
  port = await freePort();
}, 120_000);

afterAll(async () => {
  over = true;
  await child?.kill();
  await hook?.close();
  await rm(dir, { recursive: true, force: true });
});

async function start(): Promise<RuntimeProcess> {
  child = await startRuntimeProcess({ dataDir: join(dir, 'data'), port, timeScale: TIME_SCALE, webhooks: [hook.url] });
  return child;
}

async function kill(): Promise<void> {
  outputs.push(child!.output());
  await child!.kill();
}

interface Reply {
  readonly status: number;
  readonly body: any;
  /** The request went out again: no server answered it (it died, or was not back yet), or it answered 503. */
  readonly resent: boolean;
}

/** An HTTP client for the runtime at whichever moment: what it cannot reach it sends again, same key, until an answer or 90 s. */
function client(tokens: Map<string, string>) {
  return async function send(userId: string, method: 'GET' | 'POST', path: string, body?: unknown, key?: string): Promise<Reply> {
    const giveUpAt = Date.now() + 90_000;
    let resent = false;
    for (;;) {
      try {
        const response = await fetch(`http://127.0.0.1:${port}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${tokens.get(userId)}`,
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
            ...(key ? { 'idempotency-key': key } : {}),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          signal: AbortSignal.timeout(20_000),
        });
        const text = await response.text();
        const parsed: unknown = text && (response.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text;
        // 503 is the API's own "recorded or not, send it again with the same key".
        if (response.status !== 503) return { status: response.status, body: parsed, resent };
      } catch (error) {
        if (over || Date.now() > giveUpAt) throw new Error(`${method} ${path}: no server answered (${error instanceof Error ? error.message : String(error)})`);
      }
      resent = true;
      await sleep(100);
    }
  };
}

interface Sent {
  readonly visitId: string;
  readonly action: 'check-in' | 'panic';
  readonly note: string;
  readonly resent: boolean;
}

describe('the runtime killed mid-traffic three times', () => {
  it('keeps every accepted request exactly once, delivers every committed alert, fires a deadline missed while down, and every chain verifies', { timeout: 240_000 }, async () => {
    // prepare: the first run, tokens signed with the key it keeps in its data folder, four visits
    await start();
    const auth = await createLocalAuth({ dataDir: join(dir, 'data') });
    const tokens = new Map<string, string>();
    for (const userId of ['staff-alice', 'staff-bob', 'head-hana', 'auditor-ari']) tokens.set(userId, await auth.tokenFor(userId));
    const send = client(tokens);
    const accept = async (userId: string, method: 'GET' | 'POST', path: string, body?: unknown, key?: string) => {
      const reply = await send(userId, method, path, body, key);
      if (reply.status !== 200 && reply.status !== 201) throw new Error(`${method} ${path} answered ${reply.status} ${JSON.stringify(reply.body)}`);
      return reply;
    };
    const statusOf = async (visitId: string) => (await accept('staff-alice', 'GET', `/visits/${visitId}`)).body.status as string;
    const act = (userId: string, visitId: string, action: string, body: unknown = {}) => accept(userId, 'POST', `/visits/${visitId}/${action}`, body, `${action}-${visitId}`);

    // The family expect them three scaled hours after the server's "now", so nobody waits at the door.
    const now = (await accept('staff-alice', 'GET', '/health')).body.now as string;
    const details = visitDetails(SCHOOL, { plannedStartAt: now, appointmentAt: addMinutes(now, 180), expectedReturnAt: addMinutes(now, 300) });
    const busy = [uniqueId('visit'), uniqueId('visit'), uniqueId('visit')];
    const quiet = uniqueId('visit');
    await Promise.all(
      [...busy, quiet].map(async (visitId) => {
        await accept('staff-alice', 'POST', '/visits', { visitId, details }, `request-${visitId}`);
        await act('head-hana', visitId, 'authorise');
        await eventually(`${visitId} to be ready`, async () => (await statusOf(visitId)) === 'ready');
        if (visitId === quiet) return;
        await act('staff-alice', visitId, 'depart');
        await act('staff-alice', visitId, 'arrive');
        await act('staff-alice', visitId, 'enter', PARENT_AT_HOME);
      }),
    );

    // Both staff of each busy visit check in, and every fourth time press panic, one request after another.
    const sent: Sent[] = [];
    const refused: string[] = [];
    let stopping = false;
    const staffLoop = async (visitId: string, userId: string) => {
      for (let i = 0; !stopping && i < 400; i++) {
        const action = i % 4 === 3 ? 'panic' : 'check-in';
        const note = `${userId} ${action} ${i}`;
        const reply = await send(userId, 'POST', `/visits/${visitId}/${action}`, { note }, `${visitId}:${userId}:${i}`);
        if (reply.status === 200) sent.push({ visitId, action, note, resent: reply.resent });
        else refused.push(`${action} ${visitId} ${note}: ${reply.status} ${JSON.stringify(reply.body)}`);
        await sleep(20);
      }
    };
    const trafficFailed: string[] = [];
    const traffic = busy.flatMap((visitId) =>
      ['staff-alice', 'staff-bob'].map((userId) => staffLoop(visitId, userId).catch((error: unknown) => void trafficFailed.push(String(error)))),
    );
    const moreAccepted = async () => {
      const from = sent.length;
      await eventually(`${ACCEPTED_PER_RUN} more accepted requests`, () => sent.length >= from + ACCEPTED_PER_RUN, { timeoutMs: 60_000 });
    };

    /** Three kills mid-traffic; the second just after the quiet visit departs, down until its check-in deadline has passed. */
    const crashThreeTimes = async () => {
      await moreAccepted();
      await kill();
      await start();
      await moreAccepted();

      await act('staff-alice', quiet, 'depart');
      const departedBy = Date.now();
      await kill();
      await sleep(departedBy + POLICY.checkIns.intervalMinutes * REAL_MS_PER_SCALED_MINUTE + 500 - Date.now());
      const third = await start();
      // Its overdue alert reaches the webhook while this run is still up.
      const overdue = await eventually(
        'the quiet visit’s check-in overdue alert at the webhook',
        () => hook.delivered().find((alert) => alert.visitId === quiet && alert.kind === 'check-in-overdue' && alert.level === 1),
        { timeoutMs: 30_000 },
      );
      await moreAccepted();

      await kill();
      await start();
      await moreAccepted();
      return { third, overdue };
    };

    // act
    let crashed: Awaited<ReturnType<typeof crashThreeTimes>>;
    try {
      crashed = await crashThreeTimes();
    } catch (error) {
      over = true; // no server may come back: the staff stop sending
      throw error;
    } finally {
      stopping = true;
      await Promise.all(traffic);
    }
    const { third, overdue } = crashed;

    // The record as an auditor reads it over HTTP, and the alerts those events committed.
    const visits = new Map<string, { events: StoredVisitEvent[]; visit: Visit }>();
    for (const visitId of [...busy, quiet]) {
      const history = (await accept('auditor-ari', 'GET', `/visits/${visitId}/history`)).body;
      const events = storedEvents(visitId, History.parse(history).events).map(parseVisitEvent);
      visits.set(visitId, { events, visit: fold(events) as Visit });
    }
    const committed = [...visits.values()].flatMap(({ events, visit }) => alertsFor(events, visit, POLICY));
    const undelivered = () => {
      const delivered = new Set(hook.delivered().map((alert) => alert.messageId));
      return committed.filter((alert) => !delivered.has(alert.messageId)).map((alert) => `${alert.messageId} ${alert.kind}`);
    };
    await eventually('every committed alert at the webhook', () => undelivered().length === 0, { timeoutMs: 30_000 }).catch(() => undefined);
    await kill();

    // The streams as stored, read straight from the data folder once nothing runs.
    const dynalite = await startDynalite({ path: join(dir, 'data', 'dynamodb') });
    const stored = new Map<string, StoredEvent[]>();
    try {
      const reader = await createVisitRuntime({ dynamodb: dynalite.client, policies: policies.values(), sinks: [], log: () => undefined, duress: await demoDuressCodes(), clock: new ScaledClock(1) });
      for (const visitId of [...busy, quiet]) stored.set(visitId, await reader.deps.store.read(visitId));
      await reader.close();
    } finally {
      await dynalite.stop();
    }

    // assess
    const context = `\n--- what the runs printed ---\n${outputs.join('\n--- restart ---\n').slice(-6_000)}`;
    expect(trafficFailed, context).toEqual([]);
    expect(refused, context).toEqual([]);
    expect(outputs.join('\n'), context).not.toMatch(/!! request failed|ALERT NOT DELIVERED/);
    // The kills came mid-traffic: some requests were in flight, or sent while no server ran.
    expect(sent.some((request) => request.resent)).toBe(true);

    for (const [visitId, events] of stored) {
      expect({ visitId, chain: verifyChain(events) }).toEqual({ visitId, chain: expect.objectContaining({ ok: true, headVersion: events.length }) });
      // What the auditor was shown over HTTP is the stored stream up to the moment it read it.
      const shown = visits.get(visitId)!.events;
      expect(verifyChain(shown)).toMatchObject({ ok: true, headHash: events[shown.length - 1]!.hash });
    }
    // Every accepted request's event is in its stream exactly once.
    for (const request of sent) {
      const matching = stored.get(request.visitId)!.filter((event) => event.type === (request.action === 'panic' ? 'PanicRaised' : 'CheckedIn') && event.data.note === request.note);
      expect({ ...request, times: matching.length }).toEqual({ ...request, times: 1 });
    }
    const countOf = (visitId: string, type: string) => stored.get(visitId)!.filter((event) => event.type === type).length;
    for (const visitId of busy) {
      expect(['VisitRequested', 'VisitAuthorised', 'Departed', 'Arrived', 'Entered'].map((type) => countOf(visitId, type))).toEqual([1, 1, 1, 1, 1]);
    }
    expect(['VisitRequested', 'VisitAuthorised', 'Departed'].map((type) => countOf(quiet, type))).toEqual([1, 1, 1]);

    // Every alert those events committed reached the webhook, every accepted panic's among them.
    expect(undelivered(), context).toEqual([]);
    const delivered = new Set(hook.delivered().map((alert) => alert.messageId));
    const panicsNotDelivered = sent
      .filter((request) => request.action === 'panic')
      .filter((request) => {
        const { events, visit } = visits.get(request.visitId)!;
        const raisedBy = events.filter((event) => event.type === 'PanicRaised' && event.data.note === request.note);
        return !alertsFor(raisedBy, visit, POLICY).some((alert) => delivered.has(alert.messageId));
      });
    expect(panicsNotDelivered).toEqual([]);

    // The quiet visit's deadline fell due while no server ran, and its alert came as soon as one did.
    const { events: quietEvents, visit: quietVisit } = visits.get(quiet)!;
    const departed = quietEvents.find((event) => event.type === 'Departed')!;
    const raised = quietEvents.find((event) => event.type === 'AlertEscalated' && event.data.level === 1)!;
    const dueAt = overdue.dueAt!;
    expect(quietVisit.alerts[0]).toMatchObject({ kind: 'check-in-overdue', dueAt });
    expect(dueAt).toBe(addMinutes(departed.meta.recordedAt, POLICY.checkIns.intervalMinutes));
    expect(Date.parse(dueAt)).toBeLessThan(Date.parse(third.clockAtStart));
    expect(minutesBetween(third.clockAtStart, raised.meta.recordedAt)).toBeLessThan(POLICY.checkIns.intervalMinutes);
    expect(overdue.messageId).toBe(`${quiet}:${raised.version}`);
  });
});
