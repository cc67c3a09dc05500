import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createVisitService } from '../../functions/app/visit-service';
import { LambdaServiceFailure, localExecutionArn } from '../../local/engine';
import { policyOf } from '../support/scenario';
import { ALICE, HEAD, OFFICE } from '../support/actors';
import { itemAttribute, type FaultTarget } from '../support/dynamodb-faults';
import { startWorkflowHarness, type WorkflowHarness } from '../support/workflow-harness';
import { rewriteStoredText } from '../support/stored-items';

/**
 * Fault injection on the local engine with the real definition and handlers: the board and token
 * tables throttle, a SendTaskSuccess fails, the board goes down for longer than any step would retry
 * (it is a projection on the table's stream: the visit goes on, and the line lands once it is back).
 * In each the visit ends as it should, the execution never fails, and no event is written twice.
 * On the harness's virtual clock a retry is immediate, and the pause after a lost watch a jump of a minute.
 */
let h: WorkflowHarness;
beforeAll(async () => {
  h = await startWorkflowHarness(1200);
});
afterAll(() => h.close());

const CANCEL = { reason: 'other', detail: 'The family asked to meet in school instead.' } as const;

/** Requested and authorised, with the workflow about to assess the risk. */
async function authorised(): Promise<string> {
  const id = await h.request('hunsbury-park');
  await h.stage(id, 'awaiting-authorisation');
  await h.act(id, 'authorise', {}, HEAD);
  return id;
}

/** Every event type appears at most once: nothing a retried step wrote was written twice. */
async function expectWrittenOnce(id: string, expected: string[]): Promise<void> {
  const types = await h.types(id);
  expect(types).toEqual(expected);
  expect(new Set(types).size).toBe(types.length);
}

async function boardLine(id: string) {
  return (await h.runtime.deps.board.list({ schoolId: 'hunsbury-park' })).find((line) => line.visitId === id);
}

describe.concurrent('a visit under faults on the local engine', () => {
  it('rides out a throttled board table: the projector retries from its record, no step fails, and the line lands', async () => {
    const id = await h.request('hunsbury-park');
    await h.stage(id, 'awaiting-authorisation');
    // The board lines from the visit's third version on fail five times before one lands.
    h.faults.throttle(boardLineOf(id, 3), 5);
    await h.act(id, 'authorise', {}, HEAD);
    await h.stage(id, 'awaiting-departure');
    await h.act(id, 'cancel', CANCEL, OFFICE);

    expect(await h.finished(id)).toBe('SUCCEEDED');
    await h.runtime.stream.idle();
    expect(h.faults.failed.get(`${h.tables.board} PutItem`)).toBeGreaterThanOrEqual(5);
    expect(await h.types(id)).not.toContain('WatchLost');
    await expectWrittenOnce(id, ['VisitRequested', 'VisitAuthorised', 'RiskAssessed', 'VisitCancelled', 'VisitClosed', 'ReportFiled']);
    expect(await boardLine(id)).toMatchObject({ status: 'filed', stage: 'finished' });
  });

  it('rides out a throttled token table: the guarded wait retries its await-signal and no wake-up is lost', async () => {
    const id = await h.request('hunsbury-park');
    await h.stage(id, 'awaiting-authorisation');
    // The next wait to store its token (awaiting departure) fails four times before it lands.
    h.faults.throttle({ table: h.tables.tokens, command: 'PutItem', when: (input) => itemAttribute(input, 'visitId') === id }, 4);
    await h.act(id, 'authorise', {}, HEAD);
    await h.stage(id, 'awaiting-departure');
    expect(await h.act(id, 'depart', {})).toMatchObject({ ok: true, signal: 'delivered' });
    await h.stage(id, 'travelling');
    await h.act(id, 'cancel', CANCEL, OFFICE);
    await h.stage(id, 'returning-safely');
    await h.act(id, 'return', {});

    expect(await h.finished(id)).toBe('SUCCEEDED');
    expect(h.faults.failed.get(`${h.tables.tokens} PutItem`)).toBeGreaterThanOrEqual(4);
    expect(await h.types(id)).not.toContain('WatchLost');
    await expectWrittenOnce(id, [
      'VisitRequested', 'VisitAuthorised', 'RiskAssessed', 'Departed', 'VisitCancelled', 'ReturnedSafely', 'VisitClosed', 'ReportFiled',
    ]);
  });

  it('retries a Lambda the service throttled or timed out (Lambda.TooManyRequestsException, Lambda.Unknown)', async () => {
    const id = await h.request('hunsbury-park');
    await h.stage(id, 'awaiting-authorisation');
    // The next three invocations of Plan for this visit fail in the Lambda service, before the handler runs.
    const faults = ['TooManyRequestsException', 'TooManyRequestsException', 'Unknown'];
    const restore = h.runtime.engine.interceptInvocations((_fn, payload) => {
      const event = payload as { visitId?: string; iteration?: number };
      if (event.visitId !== id || event.iteration === undefined) return;
      const fault = faults.shift();
      if (fault) throw new LambdaServiceFailure(fault, fault === 'Unknown' ? 'Task timed out after 20.00 seconds' : 'Rate exceeded');
    });
    try {
      await h.act(id, 'authorise', {}, HEAD);
      await h.stage(id, 'awaiting-departure');
    } finally {
      restore();
    }
    expect(faults).toEqual([]);
    await h.act(id, 'cancel', CANCEL, OFFICE);

    expect(await h.finished(id)).toBe('SUCCEEDED');
    await expectWrittenOnce(id, ['VisitRequested', 'VisitAuthorised', 'RiskAssessed', 'VisitCancelled', 'VisitClosed', 'ReportFiled']);
  });

  it('keeps watching a visit while the board is down for longer than any step would retry, and projects its line once the board is back', async () => {
    const id = await h.request('hunsbury-park');
    await h.stage(id, 'awaiting-authorisation');
    // From AssessRisk's line on, every board write fails until restored: the board is a projection, no step writes it.
    const outage = h.faults.outage(boardLineOf(id, 3));
    await h.act(id, 'authorise', {}, HEAD);
    await h.stage(id, 'awaiting-departure');
    await h.act(id, 'cancel', CANCEL, OFFICE);
    expect(await h.finished(id)).toBe('SUCCEEDED');
    const lineWhileDown = await boardLine(id);
    outage.restore();
    await h.runtime.stream.idle();

    await expectWrittenOnce(id, ['VisitRequested', 'VisitAuthorised', 'RiskAssessed', 'VisitCancelled', 'VisitClosed', 'ReportFiled']);
    expect(h.alertsOf(id).filter((alert) => alert.kind === 'watch-lost')).toEqual([]);
    expect(lineWhileDown?.status).not.toBe('filed');
    expect(await boardLine(id)).toMatchObject({ status: 'filed', stage: 'finished' });
  });

  it('wakes itself on the retry when SendTaskSuccess fails once in await-signal: signal first, then delete', async () => {
    const id = await authorised();
    await h.stage(id, 'awaiting-departure');
    await h.act(id, 'depart', {});
    await h.stage(id, 'travelling');

    // Arrival is recorded while the next wait is still storing its token, so nothing is there to
    // signal (the API answers "pending") and await-signal must wake its own wait: that first
    // SendTaskSuccess fails.
    const held = h.faults.hold({ table: h.tables.tokens, command: 'PutItem', when: (input) => itemAttribute(input, 'visitId') === id });
    const send = h.runtime.engine.sendTaskSuccess.bind(h.runtime.engine);
    let failures = 0;
    const spy = vi.spyOn(h.runtime.engine, 'sendTaskSuccess').mockImplementation(async (token, output) => {
      if (failures === 0 && output.includes('recorded-before-wait') && (await ownedBy(id, token))) {
        failures += 1;
        throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $retryable: { throttling: true } });
      }
      return send(token, output);
    });
    try {
      expect(await h.act(id, 'check-in', {})).toMatchObject({ ok: true, signal: 'delivered' });
      await held.reached;
      expect(await h.act(id, 'arrive', {})).toMatchObject({ ok: true, signal: 'pending' });
      held.release();

      await h.stage(id, 'at-the-door');
      expect(failures).toBe(1);
    } finally {
      spy.mockRestore();
    }
    await h.act(id, 'cancel', CANCEL, OFFICE);
    await h.stage(id, 'returning-safely');
    await h.act(id, 'return', {});

    expect(await h.finished(id)).toBe('SUCCEEDED');
    await expectWrittenOnce(id, [
      'VisitRequested', 'VisitAuthorised', 'RiskAssessed', 'Departed', 'CheckedIn', 'Arrived', 'VisitCancelled', 'ReturnedSafely', 'VisitClosed', 'ReportFiled',
    ]);
  });

  it('rides out the event table throttled for 40 minutes: a panic meanwhile is refused as retryable and lands once when retried, and the check-in missed during it still raises its alert', async () => {
    const id = await authorised();
    await h.stage(id, 'awaiting-departure');
    await h.act(id, 'depart', {});
    await h.stage(id, 'travelling');
    const { checkInClock } = await h.visit(id);
    // The check-in falls due in the middle of 40 minutes of the visit's time in which every call on its stream is throttled.
    const due = Date.parse(checkInClock!.from) + policyOf('hunsbury-park').checkIns.intervalMinutes * 60_000;
    await sleepUntil(h, due - 20 * 60_000);
    const outages = ['Query', 'PutItem', 'GetItem'].map((command) => h.faults.outage({ table: h.tables.events, command, when: (input) => streamOf(input) === id }));
    const panic = { asked: { name: 'panic' as const, body: {} }, actor: ALICE, commandId: 'key:panic-in-the-outage' };

    const service = createVisitService(h.runtime.deps);
    const refused = await service.act(id, panic).catch((error: unknown) => error);
    await sleepUntil(h, due + 20 * 60_000);
    for (const outage of outages) outage.restore();
    const retried = await service.act(id, panic);

    expect(refused).toMatchObject({ name: 'EventStoreUnavailableError', retryable: true });
    expect(retried).toMatchObject({ ok: true, duplicate: false });
    const overdue = await h.alert(id, (alert) => alert.kind === 'check-in-overdue');
    await h.alert(id, (alert) => alert.kind === 'panic');
    for (const alert of (await h.visit(id)).alerts) await h.act(id, 'resolve-alert', { alertId: alert.alertId, reason: 'Phoned Alice: safe.' }, OFFICE);
    await h.act(id, 'cancel', CANCEL, OFFICE);
    await h.stage(id, 'returning-safely');
    await h.act(id, 'return', {});

    expect(await h.finished(id)).toBe('SUCCEEDED');
    expect(overdue.dueAt).toBe(new Date(due).toISOString());
    const types = (await h.types(id)).filter((type) => type !== 'WatchLost');
    expect(types.filter((type) => type === 'PanicRaised' || type === 'CheckInOverdue')).toEqual(['PanicRaised', 'CheckInOverdue']);
    expect(new Set(h.alertsOf(id).map((alert) => alert.messageId)).size).toBe(h.alertsOf(id).length);
  });

  it('fails the execution at once, rather than looping through WatchLost, when the visit\'s record no longer parses', async () => {
    const id = await authorised();
    await h.stage(id, 'awaiting-departure');
    await rewriteStoredText({ client: h.dynamodb, tableName: h.tables.events }, id, 2, (text) => text.slice(0, 40));

    const waiting = await h.runtime.deps.tokens.get(id);
    await h.runtime.engine.sendTaskSuccess(waiting!.token, JSON.stringify({ signal: 'depart', version: 3, stage: 'awaiting-departure' }));
    const ended = await h.runtime.engine.waitForExecution(localExecutionArn(h.runtime.engine.stateMachineName, id));

    expect(ended).toMatchObject({ status: 'FAILED', error: 'RecordUnreadableError' });
    expect(h.alertsOf(id).filter((alert) => alert.kind === 'watch-lost')).toEqual([]);
  });
});

/** Waits until the harness's clock reads `at` (the workflow's timers in between fire as they fall due). */
async function sleepUntil(harness: WorkflowHarness, at: number): Promise<void> {
  const wait = at - harness.clock.now().getTime();
  if (wait > 0) await harness.clock.elapse(wait);
}

/** The stream a call on the event table reads or writes (a put's item, a query's key value, a get's key). */
function streamOf(input: Record<string, unknown>): string | undefined {
  const values = input.ExpressionAttributeValues as Record<string, { S?: string }> | undefined;
  const key = input.Key as Record<string, { S?: string }> | undefined;
  return itemAttribute(input, 'streamId') ?? values?.[':stream']?.S ?? key?.streamId?.S;
}

/** Whether the token waits in this visit's execution (the tests share one engine). */
async function ownedBy(visitId: string, token: string): Promise<boolean> {
  const waiting = await h.runtime.deps.tokens.get(visitId);
  return waiting?.token === token;
}

/** The board's writes of this visit's line from `version` on. */
function boardLineOf(visitId: string, version: number): FaultTarget {
  return {
    table: h.tables.board,
    command: 'PutItem',
    when: (input) => itemAttribute(input, 'visitId') === visitId && Number(itemAttribute(input, 'version')) >= version,
  };
}
