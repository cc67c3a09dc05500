import { SFNServiceException } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskSignals } from '../../functions/adapters/task-signals';
import { createApi, type Api, type Log } from '../../functions/api';
import { ALICE, HEAD } from '../support/actors';
import { eventAs } from '../support/api-events';
import { driveVisit, startApiHarness, type ApiHarness } from '../support/api-harness';
import { uniqueId } from '../support/ids';
import { startWorkflowHarness, type WorkflowHarness } from '../support/workflow-harness';

/**
 * Issue 9, item 4: the API sends SendTaskSuccess first and deletes the stored task token only once it
 * went through. A throttle that passes within the API's three tries is invisible; one that does not is
 * answered 503 (recorded, retryable) with the token kept, so the client's retry under the same
 * Idempotency-Key, a replay that writes nothing, wakes the stage instead of leaving it asleep until
 * its deadline (a week, awaiting authorisation).
 */

/** Step Functions throttling SendTaskSuccess `failNext` times, then passing signals on. No assertions inside. */
class ThrottledSignals implements TaskSignals {
  /** Every SendTaskSuccess tried, throttled or not. */
  readonly tried: string[] = [];
  /** Those that went through. */
  readonly delivered: { token: string; output: unknown }[] = [];
  private failures = 0;

  constructor(private readonly behind: TaskSignals) {}

  failNext(times: number): void {
    this.failures = times;
  }

  async success(token: string, output: unknown): Promise<void> {
    this.tried.push(token);
    if (this.failures > 0) {
      this.failures -= 1;
      throw new SFNServiceException({ name: 'ThrottlingException', $fault: 'client', $metadata: { httpStatusCode: 400 }, message: 'Rate exceeded' });
    }
    await this.behind.success(token, output);
    this.delivered.push({ token, output });
  }

  failure(token: string, error: string, cause?: string): Promise<void> {
    return this.behind.failure(token, error, cause);
  }

  heartbeat(token: string): Promise<void> {
    return this.behind.heartbeat(token);
  }
}

const authorise = async (api: Api, visitId: string, key: string) => {
  const raw = await api.route(eventAs(HEAD, 'POST', `/visits/${visitId}/authorise`, { note: 'Go in a pair.' }, { 'Idempotency-Key': key }));
  return { status: raw.statusCode, body: JSON.parse(raw.body) };
};

describe('signal, then delete (the API over dynalite, Step Functions stood in for)', () => {
  let h: ApiHarness;
  let signals: ThrottledSignals;
  let api: Api;
  beforeAll(async () => {
    h = await startApiHarness();
    signals = new ThrottledSignals(h.workflow);
    api = createApi({ ...h.deps, signals });
  });
  afterAll(async () => {
    await h.stop();
  });

  it('rides out one throttled SendTaskSuccess: 200, the stage woke, the token taken', async () => {
    const visitId = await driveVisit(h, 'requested');
    const token = await h.arm(visitId);
    signals.failNext(1);

    const reply = await authorise(api, visitId, uniqueId('authorise'));

    expect(reply).toEqual({ status: 200, body: { visitId, version: 2, status: 'authorised', events: ['VisitAuthorised'] } });
    expect(signals.tried.filter((tried) => tried === token)).toHaveLength(2);
    expect(signals.delivered).toContainEqual({ token, output: { signal: 'authorise', version: 2, stage: 'awaiting-authorisation' } });
    expect(await h.tokens.get(visitId)).toBeUndefined();
  });

  it('answers 503 recorded when every try is throttled, keeps the token and writes the fact once; the retry under the same key writes nothing and wakes the stage', async () => {
    const visitId = await driveVisit(h, 'requested');
    const token = await h.arm(visitId);
    const key = uniqueId('authorise');
    signals.failNext(3);

    const failed = await authorise(api, visitId, key);
    const keptToken = await h.tokens.get(visitId);
    const streamAfterFailure = await h.store.read(visitId);
    const retry = await authorise(api, visitId, key);

    expect(failed).toEqual({
      status: 503,
      body: { error: 'unavailable', rule: 'workflow-not-signalled', recorded: true, retryable: true, message: expect.any(String) },
    });
    expect(keptToken).toMatchObject({ token, stage: 'awaiting-authorisation' });
    expect(streamAfterFailure.map((event) => event.type)).toEqual(['VisitRequested', 'VisitAuthorised']);
    expect(retry).toEqual({ status: 200, body: { visitId, version: 2, status: 'authorised', events: ['VisitAuthorised'] } });
    expect(await h.store.read(visitId)).toEqual(streamAfterFailure);
    expect(signals.tried.filter((tried) => tried === token)).toHaveLength(4);
    expect(signals.delivered.filter((delivered) => delivered.token === token)).toEqual([
      { token, output: { signal: 'authorise', version: 2, stage: 'awaiting-authorisation' } },
    ]);
    expect(await h.tokens.get(visitId)).toBeUndefined();
  });
});

describe('signal, then delete (the real workflow on the local engine)', () => {
  let w: WorkflowHarness;
  let signals: ThrottledSignals;
  let api: Api;
  const logs: Parameters<Log>[0][] = [];
  beforeAll(async () => {
    w = await startWorkflowHarness(1200);
    signals = new ThrottledSignals(w.runtime.deps.signals);
    api = createApi({ ...w.runtime.deps, signals, logger: (entry) => logs.push(entry) });
  });
  afterAll(async () => {
    await w.close();
  });

  it('wakes the stage awaiting authorisation through one throttled SendTaskSuccess: the workflow assesses the risk and waits for departure', async () => {
    const visitId = await w.request('hunsbury-park', {}, ALICE);
    await w.stage(visitId, 'awaiting-authorisation');
    signals.failNext(1);

    const reply = await authorise(api, visitId, uniqueId('authorise'));
    await w.stage(visitId, 'awaiting-departure');

    expect(reply.status).toBe(200);
    expect((await w.visit(visitId)).status).toBe('ready');
    expect(await w.types(visitId)).toEqual(['VisitRequested', 'VisitAuthorised', 'RiskAssessed']);
  });

  it('after a 503 keeps the stage waiting on its stored token, and the retry under the same key wakes it', async () => {
    const visitId = await w.request('hunsbury-park', {}, ALICE);
    await w.stage(visitId, 'awaiting-authorisation');
    const waiting = await w.runtime.deps.tokens.get(visitId);
    const key = uniqueId('authorise');
    signals.failNext(3);

    const failed = await authorise(api, visitId, key);
    const stillWaiting = await w.runtime.deps.tokens.get(visitId);
    const retry = await authorise(api, visitId, key);
    await w.stage(visitId, 'awaiting-departure');

    expect(failed.status).toBe(503);
    expect(failed.body).toMatchObject({ rule: 'workflow-not-signalled', recorded: true, retryable: true });
    expect(stillWaiting).toMatchObject({ token: waiting!.token, stage: 'awaiting-authorisation' });
    expect(logs).toContainEqual(expect.objectContaining({ level: 'warn', error: 'SignalFailedError' }));
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({ visitId, version: 2, events: ['VisitAuthorised'] });
    expect(await w.types(visitId)).toEqual(['VisitRequested', 'VisitAuthorised', 'RiskAssessed']);
    expect((await w.visit(visitId)).status).toBe('ready');
  });
});
