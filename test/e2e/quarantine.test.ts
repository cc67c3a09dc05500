import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, type Reply } from '../../bin/client/api-client';
import { MemoryAlertPublisher } from '../../functions/adapters/alert-publisher';
import { DynamoDbEventStore } from '../../functions/adapters/dynamodb-event-store';
import { createHelpOnDamage } from '../../functions/app/help-on-damage';
import { loadVisit } from '../../functions/core/handle-command';
import { RecordUnreadableError } from '../../functions/core/record-damage';
import { ScaledClock } from '../../local/engine';
import { DEFAULT_TABLES } from '../../local/visit-runtime';
import { ALICE } from '../support/actors';
import { eventually } from '../support/eventually';
import { startDynalite } from '../../local/dynalite';
import { startLocal, type LocalRuntime } from '../../local/server';
import { uniqueId } from '../support/ids';
import { T0, visitDetails } from '../support/scenario';
import { rewriteStoredEvent } from '../support/stored-items';

/**
 * Quarantine, the way `npm start` meets it: a data folder whose event table holds one visit with an
 * event that no longer parses. The server starts, resumes every other visit and shouts about the
 * damaged one; that visit answers 409 record-unreadable to every read and write, its history shows
 * it as stored with the bad version named, and the office board puts it first. Nothing answers 500.
 */

const EVENT_TABLE = 'home-visits-events';

let dataDir: string;
let local: LocalRuntime;
const lines: string[] = [];
const replies: Reply[] = [];
let damaged: string;
let healthy: string;
/** What reached the office (the local outbox's sinks) in the second run. */
const office = new MemoryAlertPublisher();

/** A client per demo user whose every reply is kept, so the test can say none was a 5xx. */
async function as(userId: string) {
  const client = new ApiClient(local.url, await local.auth.tokenFor(userId));
  const kept = async (reply: Promise<Reply>) => {
    const answered = await reply;
    replies.push(answered);
    return answered;
  };
  return {
    get: (path: string) => kept(client.get(path)),
    post: (path: string, body: unknown) => kept(client.post(path, body)),
    waitForStatus: (visitId: string, statuses: readonly string[]) => client.waitForStatus(visitId, statuses),
  };
}

/** What version 2's note becomes: longer than the schema allows, as after a bad migration or a hand edit. */
const OVERLONG_NOTE = 'Go in a pair. '.repeat(200);

/** Rewrite version 2 of the stream straight in the data folder's dynalite. */
async function damageVersion2(streamId: string): Promise<void> {
  const dynalite = await startDynalite({ path: join(dataDir, 'dynamodb') });
  try {
    await rewriteStoredEvent({ client: dynalite.client, tableName: EVENT_TABLE }, streamId, 2, (event) => ({ ...event, data: { ...event.data, note: OVERLONG_NOTE } }));
  } finally {
    await dynalite.stop();
  }
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'home-visits-quarantine-'));
  // First run: two visits under way, one authorised and risk-assessed (versions 1..3), one awaiting authorisation.
  local = await startLocal({ dataDir, timeScale: 60, clockStart: new Date(T0), log: () => undefined });
  const [alice, head] = await Promise.all([as('staff-alice'), as('head-hana')]);
  damaged = uniqueId('visit');
  healthy = uniqueId('visit');
  for (const visitId of [damaged, healthy]) {
    expect(await alice.post('/visits', { visitId, details: visitDetails('hunsbury-park') })).toMatchObject({ status: 201 });
  }
  expect(await head.post(`/visits/${damaged}/authorise`, { note: 'Go in a pair.' })).toMatchObject({ status: 200 });
  await alice.waitForStatus(damaged, ['ready']);
  await local.close();

  await damageVersion2(damaged);

  // Second run, on the damaged data folder.
  local = await startLocal({ dataDir, timeScale: 60, log: (line) => lines.push(line), alerts: [office] });
}, 60_000);

afterAll(async () => {
  await local?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('npm start on a data folder holding a damaged record', () => {
  it('starts, resumes the other visit, and says loudly which visit is set aside and from which version', () => {
    expect(local.resumed).toBe(1);
    const shouted = lines.filter((line) => line.startsWith('!! RECORD DAMAGED'));
    expect(shouted).toEqual([expect.stringContaining(`visit ${damaged} no longer parses from version 2 (data-invalid)`)]);
    // Ids and the rule broken, never what was written.
    expect(shouted[0]).not.toContain('Go in a pair');
  });

  it('runs the other visit: its action lands and its resumed workflow moves it on', async () => {
    const [head, alice] = await Promise.all([as('head-hana'), as('staff-alice')]);

    expect(await head.post(`/visits/${healthy}/authorise`, {})).toMatchObject({ status: 200 });
    expect((await alice.waitForStatus(healthy, ['ready'])).status).toBe(200);
  });

  it('answers 409 record-unreadable to reads and writes of the damaged visit, and writes nothing', async () => {
    const [alice, head, auditor] = await Promise.all([as('staff-alice'), as('head-hana'), as('auditor-ari')]);
    const unreadable = { status: 409, body: { error: 'conflict', rule: 'record-unreadable', version: 2 } };

    expect(await alice.get(`/visits/${damaged}`)).toMatchObject(unreadable);
    expect(await alice.post(`/visits/${damaged}/depart`, {})).toMatchObject(unreadable);
    expect(await head.post(`/visits/${damaged}/cancel`, { reason: 'other', detail: 'Record damaged.' })).toMatchObject(unreadable);
    expect(await alice.get(`/visits/${damaged}/report`)).toMatchObject(unreadable);
    expect(await alice.post('/visits', { visitId: damaged, details: visitDetails('hunsbury-park') })).toMatchObject(unreadable);

    const history = await auditor.get(`/visits/${damaged}/history`);
    expect(history.body.events.map((event: { version: number }) => event.version)).toEqual([1, 2, 3]);
  });

  it('shows the history as stored, the first version that does not parse named', async () => {
    const auditor = await as('auditor-ari');

    const history = await auditor.get(`/visits/${damaged}/history`);

    expect(history.status).toBe(200);
    expect(history.body.readable).toMatchObject({ ok: false, version: 2, reason: 'data-invalid' });
    expect(history.body.events[1]).toMatchObject({ version: 2, type: 'VisitAuthorised', data: { note: OVERLONG_NOTE } });
    // The edit also broke the hash chain at the same event: both verdicts say so.
    expect(history.body.integrity).toMatchObject({ ok: false, version: 2, reason: 'hash-mismatch' });
    expect(history.body.state).toBeNull();
  });

  it('puts the damaged visit first on the office board, flagged', async () => {
    const office = await as('office-olu');

    const board = await office.get('/visits?status=active');

    expect(board.status).toBe(200);
    expect(board.body.visits[0]).toMatchObject({ visitId: damaged, damaged: { version: 2 }, active: true });
    expect(board.body.visits.find((line: { visitId: string }) => line.visitId === healthy)).not.toHaveProperty('damaged');
  });

  it('takes a panic on the damaged visit over HTTP: 202 "the office was alerted", and the office has a critical alert naming the visit and the member of staff', async () => {
    const alice = await as('staff-alice');

    const reply = await alice.post(`/visits/${damaged}/panic`, { note: 'Someone is blocking the door' });

    expect(reply).toMatchObject({ status: 202, body: { visitId: damaged, officeAlerted: true, keptIn: `help:${damaged}`, recordUnreadableFrom: 2 } });
    expect(reply.body.message).toMatch(/office was alerted/);
    const alert = await eventually('the panic at the office', () => office.published.find((message) => message.visitId === damaged && message.kind === 'panic'));
    expect(alert).toMatchObject({ severity: 'critical', schoolId: 'hunsbury-park', messageId: `help:${damaged}:1` });
    expect(alert.text).toContain('Alice Officer');
    expect(alert.text).toContain(damaged);
    // The damaged record itself is as it was found.
    const history = await (await as('auditor-ari')).get(`/visits/${damaged}/history`);
    expect(history.body.events.map((event: { version: number }) => event.version)).toEqual([1, 2, 3]);
  });

  it('never answered 5xx nor logged a failed request', () => {
    expect(replies.length).toBeGreaterThan(5);
    expect(replies.filter((reply) => reply.status >= 500)).toEqual([]);
    expect(lines.filter((line) => line.startsWith('!! request failed'))).toEqual([]);
  });
});

describe('a panic on a damaged record kept while no alert publisher ran', () => {
  it('reaches the office when npm start comes back', async () => {
    await local.close();
    const dynalite = await startDynalite({ path: join(dataDir, 'dynamodb') });
    // Kept as the API keeps it, straight into the table: the process dies before any stream consumer runs.
    const store = new DynamoDbEventStore({ client: dynalite.client, tableName: DEFAULT_TABLES.events });
    const damage = await loadVisit(store, damaged).then(() => undefined, (error: unknown) => error);
    if (!(damage instanceof RecordUnreadableError)) throw new Error('the visit was expected to be damaged');
    const kept = await createHelpOnDamage({ store, clock: new ScaledClock(1, new Date(T0)) }).panic(damaged, { actor: ALICE, commandId: uniqueId('panic'), requestHash: '0'.repeat(64) }, damage);
    await dynalite.stop();
    expect(kept).toMatchObject({ ok: true, keptApart: true, version: 2 });
    const afterRestart = new MemoryAlertPublisher();

    local = await startLocal({ dataDir, timeScale: 60, log: () => undefined, alerts: [afterRestart] });

    const alert = await eventually('the kept panic at the office', () => afterRestart.published.find((message) => message.messageId === `help:${damaged}:2`));
    expect(alert).toMatchObject({ kind: 'panic', severity: 'critical', visitId: damaged });
    // The one delivered before the crash is not sent again.
    expect(afterRestart.published.filter((message) => message.messageId === `help:${damaged}:1`)).toEqual([]);
  }, 60_000);
});
