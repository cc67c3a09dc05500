import { describe, expect, it } from 'vitest';
import { InMemoryEventStore } from '../../functions/adapters/memory-event-store';
import { MemoryTaskTokenStore } from '../../functions/adapters/task-tokens';
import { alertsFor, type AlertMessage } from '../../functions/core/alerts';
import type { Command } from '../../functions/core/commands';
import type { StoredVisitEvent } from '../../functions/core/events';
import { handleCommand, loadVisit } from '../../functions/core/handle-command';
import { createSteps, WATCH_LOST_PASSES } from '../../functions/steps/steps';
import { embeddedMetrics, WATCH_METRIC } from '../../functions/steps/watch-metric';
import { RecordingWorkflow } from '../support/recording-workflow';
import { ALICE, HEAD, OFFICE, WORKFLOW } from '../support/actors';
import { expectRefused, policyOf, scenario, seedPolicies, T0, types, visitDetails } from '../support/scenario';

/** A lost watch: recorded once per change of the visit, told to the office, counted for operations. */
describe('deciding that the workflow lost its watch', () => {
  it('records WatchLost with the failure name when the workflow asks', () => {
    const s = scenario('hunsbury-park').readyToGo().departed();
    expect(types(s.step('watch-lost', { error: 'DependencyUnavailableError' }))).toEqual(['WatchLost']);
    expect(s.visit.watchLost).toMatchObject({ error: 'DependencyUnavailableError', version: s.visit.version, at: T0 });
  });

  it('says it once while nothing else is recorded, and again once something is', () => {
    const s = scenario('hunsbury-park').readyToGo().departed();
    s.step('watch-lost', { error: 'Lambda.TooManyRequestsException' });
    expectRefused(s.after(1).step('watch-lost', { error: 'Lambda.TooManyRequestsException' }), 'already-unwatched');
    s.ok('check-in', {}, ALICE);
    expect(types(s.after(1).step('watch-lost', { error: 'DependencyUnavailableError' }))).toEqual(['WatchLost']);
  });

  it('is the workflow’s alone to record, and has nothing to say of a filed visit', () => {
    const s = scenario('hunsbury-park').requested();
    expectRefused(s.act('watch-lost' as never, { error: 'X' } as never, OFFICE), 'workflow-only', 'forbidden');
    s.ok('decline', { reason: 'Phone first.' }, HEAD);
    s.step('close', {});
    s.step('file-report', { reportId: 'r', categories: [], body: {} });
    expectRefused(s.step('watch-lost', { error: 'X' }), 'visit-filed');
  });

  it('tells the office, critically, that nobody is timing staff who are out, and to phone them', () => {
    const s = scenario('hunsbury-park').readyToGo().departed();
    s.step('watch-lost', { error: 'DependencyUnavailableError' });
    const stored = s.history.map((event, index) => ({ ...event, streamId: 'visit-0001', version: index + 1, prevHash: '', hash: '' })) as StoredVisitEvent[];
    const [message] = alertsFor(stored.slice(-1), s.visit, s.policy);
    expect(message).toMatchObject({ kind: 'watch-lost', severity: 'critical', level: 0, notify: expect.arrayContaining(['office']) });
    expect(message!.subject).toMatch(/not being watched/i);
    expect(message!.text).toMatch(/phone them now/);
    expect(message!.text).toContain('DependencyUnavailableError');
  });
});

describe('the watch-lost step', () => {
  function stepsWith() {
    const store = new InMemoryEventStore();
    const counted: Array<{ visitId: string; error: string }> = [];
    const steps = createSteps({
      store,
      tokens: new MemoryTaskTokenStore(),
      signals: new RecordingWorkflow(),
      clock: { now: () => new Date(T0) },
      policies: seedPolicies,
      metrics: { visitUnwatched: (visitId, error) => void counted.push({ visitId, error }) },
    });
    /** What the table's stream would carry to the publisher: the alerts of every append after the departure. */
    const raised = async (visitId: string): Promise<AlertMessage[]> => {
      const { events, state } = await loadVisit(store, visitId);
      return state.status === 'none' ? [] : alertsFor(events.slice(4), state, policyOf('hunsbury-park'));
    };
    return { store, steps, raised, counted };
  }

  async function departedVisit(store: InMemoryEventStore): Promise<string> {
    const visitId = 'visit-0001';
    const policy = policyOf('hunsbury-park');
    const run = (name: string, body: unknown, actor = ALICE, n = 0) =>
      handleCommand(store, visitId, { name, body, meta: { commandId: `${name}-${n}`, actor, now: T0 } } as Command, policy);
    await run('request', { visitId, details: visitDetails('hunsbury-park') });
    await run('authorise', {}, HEAD);
    await run('assess-risk', {}, WORKFLOW);
    await run('depart', {});
    return visitId;
  }

  it('counts it for operations, records it once under a retry, and hands its alert over once', async () => {
    const { store, steps, raised, counted } = stepsWith();
    const visitId = await departedVisit(store);
    const input = { visitId, policy: policyOf('hunsbury-park'), version: 4, error: 'DependencyUnavailableError' };

    const first = await steps.watchLost(input);
    const retry = await steps.watchLost(input);

    // The plan's version stays the one Plan routed on, so a lost watch again is the same command.
    expect(first).toEqual({ version: 4, iteration: WATCH_LOST_PASSES });
    expect(retry).toEqual(first);
    expect((await store.read(visitId)).map((event) => event.type).slice(4)).toEqual(['WatchLost']);
    expect((await raised(visitId)).map((message) => message.kind)).toEqual(['watch-lost']);
    // Counted every time: the alarm stays loud while the fault lasts.
    expect(counted).toEqual([{ visitId, error: 'DependencyUnavailableError' }, { visitId, error: 'DependencyUnavailableError' }]);
  });

  it('stays quiet after a pause with nothing new to say', async () => {
    const { store, steps, raised } = stepsWith();
    const visitId = await departedVisit(store);
    await steps.watchLost({ visitId, policy: policyOf('hunsbury-park'), version: 4, error: 'DependencyUnavailableError' });
    const again = await steps.watchLost({ visitId, policy: policyOf('hunsbury-park'), version: 5, error: 'DependencyUnavailableError' });
    expect(again).toEqual({ version: 5, iteration: WATCH_LOST_PASSES, refused: 'already-unwatched' });
    expect(await raised(visitId)).toHaveLength(1);
  });

  it('counts as WATCH_LOST_PASSES passes, and names the next execution once they spend the execution’s share', async () => {
    const { store, steps } = stepsWith();
    const visitId = await departedVisit(store);
    const input = { visitId, policy: policyOf('hunsbury-park'), version: 4, error: 'Lambda.Unknown' };
    const execution = { generation: 2, continueAfterPasses: 10 };
    expect(await steps.watchLost({ ...input, iteration: 5, execution })).not.toHaveProperty('continuation');
    expect(await steps.watchLost({ ...input, iteration: 6, execution })).toMatchObject({
      iteration: 6 + WATCH_LOST_PASSES,
      continuation: { executionName: `${visitId}--3`, generation: 3 },
    });
  });

  it('still counts, unrecorded, under a policy version this bundle lacks (a deploy dropped it): nothing could ever record it', async () => {
    const { store, steps, counted } = stepsWith();
    const visitId = await departedVisit(store);
    const dropped = { schoolId: 'hunsbury-park', version: 'dropped-by-a-deploy' };
    const lost = await steps.watchLost({ visitId, policy: dropped, version: 4, iteration: 8, error: 'PolicyUnavailableError' });
    expect(lost).toEqual({ version: 4, iteration: 8 + WATCH_LOST_PASSES, unrecorded: 'PolicyUnavailableError' });
    expect(counted).toHaveLength(1);
    expect((await store.read(visitId)).map((event) => event.type)).not.toContain('WatchLost');
  });

  it('fails, for the workflow to retry, when the store is what failed', async () => {
    const { store, steps } = stepsWith();
    const visitId = await departedVisit(store);
    store.append = () => Promise.reject(new Error('the store is down'));
    await expect(steps.watchLost({ visitId, policy: policyOf('hunsbury-park'), version: 4, error: 'X' })).rejects.toThrow('the store is down');
  });
});

describe('the operations metric', () => {
  it('is one embedded-metric-format line CloudWatch turns into HomeVisits/VisitsUnwatched for the stack', () => {
    const lines: string[] = [];
    embeddedMetrics('HomeVisits-sample', (line) => lines.push(line)).visitUnwatched('visit-0001', 'Lambda.Unknown');
    expect(lines).toHaveLength(1);
    const record = JSON.parse(lines[0]!);
    expect(record._aws.CloudWatchMetrics).toEqual([{ Namespace: 'HomeVisits', Dimensions: [['Stack']], Metrics: [{ Name: 'VisitsUnwatched', Unit: 'Count' }] }]);
    expect(record).toMatchObject({ Stack: 'HomeVisits-sample', VisitsUnwatched: 1, visitId: 'visit-0001', error: 'Lambda.Unknown' });
    expect(WATCH_METRIC).toMatchObject({ namespace: 'HomeVisits', name: 'VisitsUnwatched', dimension: 'Stack' });
  });
});

