import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryAlertPublisher } from '../../functions/adapters/alert-publisher';
import { createAlertLedgerTable, DynamoDbAlertLedger } from '../../functions/alerts/alert-ledger';
import { createStreamPublisher } from '../../functions/alerts/stream-publisher';
import { createApi } from '../../functions/api';
import { eventAs } from '../support/api-events';
import { DynamoDbEventStore } from '../../functions/adapters/dynamodb-event-store';
import { InMemoryEventStore } from '../../functions/adapters/memory-event-store';
import type { StoredEvent } from '../../functions/core/event-store';
import { loadVisit } from '../../functions/core/handle-command';
import type { RawEventReader } from '../../functions/core/record-damage';
import { createStepHandlers } from '../../functions/steps/handlers';
import { lambdaFailure } from '../../local/engine/errors';
import { localContext } from '../../functions/api/router';
import { ALICE, AUDITOR, BOB, CAROL, HEAD, OFFICE } from '../support/actors';
import { startApiHarness, type ApiHarness } from '../support/api-harness';
import { uniqueId } from '../support/ids';
import { policyOf, seedPolicies, visitDetails } from '../support/scenario';
import { rewriteStoredText, withStoredEventChanged } from '../support/stored-items';

/**
 * Quarantine through the API on dynalite, at each depth of damage: an item whose text is no longer
 * JSON, an event whose envelope fails the store's schema, an event of a type the core no longer
 * knows. Each time the visit answers 409 record-unreadable to reads and writes (never 500), its
 * history shows the stream as stored with the first bad version named, one structured error line is
 * logged per meeting, and a workflow step fails with the error's own name for the state machine.
 */

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(() => h.stop());

/** A visit at versions 1..3 (requested, authorised, risk assessed). */
async function visitAtVersion3(): Promise<string> {
  const visitId = uniqueId('visit');
  expect(await h.call(ALICE, 'POST', '/visits', { visitId, details: visitDetails('hunsbury-park') })).toMatchObject({ status: 201 });
  expect(await h.call(HEAD, 'POST', `/visits/${visitId}/authorise`, {})).toMatchObject({ status: 200 });
  expect(await h.step(visitId, 'assess-risk', {})).toMatchObject({ ok: true });
  return visitId;
}


const rewriteEvent = (change: (event: StoredEvent) => StoredEvent) => (text: string) => withStoredEventChanged(text, 2, change);

const DAMAGE = [
  { reason: 'item-unreadable', shown: [1, 3], change: (text: string) => text.slice(0, 40) },
  { reason: 'envelope-invalid', shown: [1, 3], change: rewriteEvent((event) => ({ ...event, meta: { ...event.meta, recordedAt: 'yesterday' } })) },
  { reason: 'unknown-event-type', shown: [1, 2, 3], change: rewriteEvent((event) => ({ ...event, type: 'VisitAuthorized' })) },
] as const;

describe.each(DAMAGE)('a visit whose version 2 is damaged ($reason)', ({ reason, shown, change }) => {
  let visitId: string;
  beforeAll(async () => {
    visitId = await visitAtVersion3();
    await rewriteStoredText(h.eventTable, visitId, 2, change);
  });

  it('answers every read and write but a panic 409 record-unreadable, naming version 2, and writes nothing', async () => {
    const unreadable = { status: 409, body: { error: 'conflict', rule: 'record-unreadable', version: 2 } };
    const logged = h.logs.length;

    expect(await h.call(ALICE, 'GET', `/visits/${visitId}`)).toMatchObject(unreadable);
    expect(await h.call(ALICE, 'POST', `/visits/${visitId}/depart`, {})).toMatchObject(unreadable);
    expect(await h.call(ALICE, 'GET', `/visits/${visitId}/report`)).toMatchObject(unreadable);
    expect(await h.call(ALICE, 'POST', '/visits', { visitId, details: visitDetails('hunsbury-park') })).toMatchObject(unreadable);

    const lines = h.logs.slice(logged);
    expect(lines).toHaveLength(4);
    for (const line of lines) {
      expect(line).toMatchObject({ level: 'error', message: 'record damaged', error: 'RecordUnreadableError', streamId: visitId, version: 2, reason });
    }
    // Still one stored entry per append: versions 1, 2 (damaged) and 3.
    expect(await (h.store as DynamoDbEventStore).readRaw(visitId)).toHaveLength(3);
  });

  it('shows the history as stored, the first version that does not parse named and the read recorded', async () => {
    const history = await h.call(AUDITOR, 'GET', `/visits/${visitId}/history?include=reads`);

    expect(history.status).toBe(200);
    expect(history.body.readable).toMatchObject({ ok: false, version: 2, reason });
    expect(history.body.events.map((event: { version: number }) => event.version)).toEqual(shown);
    expect(history.body.state).toBeNull();
    expect(history.body.reads.events.at(-1).data).toMatchObject({ unreadableAtVersion: 2 });
    if (reason === 'unknown-event-type') {
      expect(history.body.events[1]).toMatchObject({ version: 2, type: 'VisitAuthorized' });
      expect(history.body).not.toHaveProperty('unreadable');
    } else {
      // What could not be parsed is still shown, verbatim, and the chain's own verdict agrees on where.
      expect(history.body.unreadable).toEqual([expect.objectContaining({ version: 2, reason, stored: expect.any(String) })]);
      expect(history.body.integrity).toMatchObject({ ok: false, version: 2, reason: 'version-gap' });
    }
  });

  it('takes a panic all the same: 202, the office alerted naming the visit and the member of staff, the call kept in the visit\'s help stream and the damaged record left as it was', async () => {
    const before = h.alerts.published.length;
    const logged = h.logs.length;
    const key = uniqueId('panic');

    const reply = await h.call(ALICE, 'POST', `/visits/${visitId}/panic`, { note: 'Door locked behind me' }, { 'Idempotency-Key': key });

    expect(reply).toMatchObject({ status: 202, body: { visitId, officeAlerted: true, keptIn: `help:${visitId}`, version: 1, recordUnreadableFrom: 2 } });
    expect(reply.body.message).toMatch(/office was alerted/);
    const alerts = h.alerts.published.slice(before);
    expect(alerts).toEqual([expect.objectContaining({ kind: 'panic', severity: 'critical', visitId, schoolId: 'hunsbury-park', notify: expect.arrayContaining(['office']) })]);
    expect(alerts[0]!.text).toContain('Alice Officer');
    expect(alerts[0]!.text).toContain(visitId);
    expect(alerts[0]!.text).toContain('Door locked behind me');
    const kept = await h.store.read(`help:${visitId}`);
    expect(kept.map((event) => [event.type, event.meta.actor.userId, event.data.visitId, event.data.damage])).toEqual([['PanicOnDamagedRecord', ALICE.userId, visitId, { version: 2, reason }]]);
    expect(await (h.store as DynamoDbEventStore).readRaw(visitId)).toHaveLength(3);
    // Still logged as the damaged record it is.
    expect(h.logs.slice(logged)).toEqual([expect.objectContaining({ level: 'error', error: 'RecordUnreadableError', streamId: visitId, version: 2, reason })]);

    const retried = await h.call(ALICE, 'POST', `/visits/${visitId}/panic`, { note: 'Door locked behind me' }, { 'Idempotency-Key': key });

    expect(retried).toMatchObject({ status: 202, body: { version: 1 } });
    expect(await h.store.read(`help:${visitId}`)).toHaveLength(1);
    expect(h.alerts.published.slice(before)).toHaveLength(1);

    const history = await h.call(AUDITOR, 'GET', `/visits/${visitId}/history`);
    expect(history.body.callsForHelp).toMatchObject({ integrity: { ok: true, headVersion: 1 }, events: [{ version: 1, type: 'PanicOnDamagedRecord', actor: ALICE.userId, data: { note: 'Door locked behind me' } }] });
  });

  it('refuses a panic from staff not on the visit, as on any visit, and keeps nothing', async () => {
    const kept = (await h.store.read(`help:${visitId}`)).length;

    expect(await h.call(CAROL, 'POST', `/visits/${visitId}/panic`, {})).toMatchObject({ status: 403, body: { rule: 'assigned-staff-only' } });
    expect(await h.store.read(`help:${visitId}`)).toHaveLength(kept);
  });

  it('fails a workflow step with the error\'s own name, as the state machine sees it', async () => {
    const steps = createStepHandlers({ store: h.store, tokens: h.tokens, signals: h.workflow, clock: h.clock, policies: seedPolicies });

    const thrown = await steps
      .assessRisk({ visitId, policy: policyOf('hunsbury-park'), version: 3 }, localContext('step-assessRisk'))
      .then(() => undefined, (error: unknown) => error);

    expect(thrown).toMatchObject({ name: 'RecordUnreadableError', streamId: visitId, version: 2, retryable: false });
    expect(lambdaFailure(thrown)).toMatchObject({ name: 'RecordUnreadableError' });
  });
});

describe('a panic on a visit whose very first event is damaged', () => {
  it('still reaches the office, naming the visit and the caller, though the record cannot say the school', async () => {
    const visitId = await visitAtVersion3();
    await rewriteStoredText(h.eventTable, visitId, 1, (text) => text.slice(0, 40));
    const before = h.alerts.published.length;

    const reply = await h.call(ALICE, 'POST', `/visits/${visitId}/panic`, {});

    expect(reply).toMatchObject({ status: 202, body: { officeAlerted: true, recordUnreadableFrom: 1 } });
    const [alert] = h.alerts.published.slice(before);
    expect(alert).toMatchObject({ kind: 'panic', severity: 'critical', visitId, notify: ['office', 'dsl', 'headteacher'] });
    expect(alert!.text).toContain(ALICE.userId);
  });
});

describe('a panic on a damaged record on AWS', () => {
  it('is kept by the API and published by the table stream\'s publisher, fed the stream record, as a critical alert naming visit and staff', async () => {
    const api = createApi(h.deps);
    const visitId = await visitAtVersion3();
    await rewriteStoredText(h.eventTable, visitId, 2, (text) => text.slice(0, 40));
    const raw = await api.route(eventAs(BOB, 'POST', `/visits/${visitId}/panic`, { note: 'Help' }));
    const { Items = [] } = await h.eventTable.client.send(
      new QueryCommand({ TableName: h.eventTable.tableName, KeyConditionExpression: 'streamId = :s', ExpressionAttributeValues: { ':s': { S: `help:${visitId}` } } }),
    );
    const sent = new MemoryAlertPublisher();
    const ledgerTable = uniqueId('ledger');
    await createAlertLedgerTable(h.eventTable.client, ledgerTable);
    const ledger = new DynamoDbAlertLedger({ client: h.eventTable.client, tableName: ledgerTable });
    const publish = createStreamPublisher({ store: h.store, policies: seedPolicies, publisher: sent, ledger, metrics: { held: () => undefined }, now: () => new Date() });
    const records = Items.map((item, index) => ({ eventName: 'INSERT' as const, dynamodb: { NewImage: item as never, SequenceNumber: String(index + 1) } }));
    const answer = await publish({ Records: records });
    // The stream delivered again (a retry, a re-created trigger): the ledger sends nothing twice.
    await publish({ Records: records });


    expect(raw.statusCode).toBe(202);
    expect(answer).toEqual({ batchItemFailures: [] });
    expect(sent.published).toEqual([expect.objectContaining({ kind: 'panic', severity: 'critical', visitId, messageId: `help:${visitId}:1` })]);
    expect(sent.published[0]!.text).toContain('Bob Worker');
    expect(sent.published[0]!.text).toContain(visitId);
  });
});

describe('a damaged visit among others', () => {
  it('leaves the others readable and writable, and the board loud about the damaged one', async () => {
    const damaged = await visitAtVersion3();
    const healthy = await visitAtVersion3();
    await h.project(damaged);
    await h.project(healthy);
    await rewriteStoredText(h.eventTable, damaged, 2, (text) => text.slice(0, 40));
    await h.board.markDamaged({ schoolId: 'hunsbury-park', visitId: damaged }, { version: 2 });

    expect(await h.call(ALICE, 'GET', `/visits/${healthy}`)).toMatchObject({ status: 200, body: { version: 3 } });
    expect(await h.call(ALICE, 'POST', `/visits/${healthy}/depart`, {})).toMatchObject({ status: 200 });
    const board = await h.call(OFFICE, 'GET', '/visits?status=active');
    expect(board.body.visits[0]).toMatchObject({ visitId: damaged, damaged: { version: 2 } });
    expect(h.logs.filter((line) => line.message === 'unhandled error')).toEqual([]);
    expect(h.responses.filter((response) => response.statusCode >= 500)).toEqual([]);
  });
});

describe('the raw read', () => {
  it('is offered by both event store adapters', () => {
    const readers: RawEventReader[] = [h.store as DynamoDbEventStore, new InMemoryEventStore()];
    expect(readers.every((reader) => typeof reader.readRaw === 'function')).toBe(true);
  });

  it('tells apart a read that fails on damage from one that does not', async () => {
    const visitId = await visitAtVersion3();
    await expect(loadVisit(h.store, visitId)).resolves.toMatchObject({ state: { version: 3 } });
    await rewriteStoredText(h.eventTable, visitId, 3, (text) => `${text}garbage`);
    await expect(loadVisit(h.store, visitId)).rejects.toMatchObject({ name: 'RecordUnreadableError', version: 3, reason: 'item-unreadable', cause: expect.any(Error) });
  });
});
