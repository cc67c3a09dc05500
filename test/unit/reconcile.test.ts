import { describe, expect, it } from 'vitest';
import { MemoryDuressCodes } from '../../functions/adapters/duress-codes';
import { InMemoryEventStore } from '../../functions/adapters/memory-event-store';
import { MemoryTaskTokenStore } from '../../functions/adapters/task-tokens';
import { MemoryVisitBoard } from '../../functions/adapters/visit-board';
import type { InspectingWorkflowStarter } from '../../functions/adapters/workflow-starter';
import { policyRegistry } from '../../functions/app/policy-registry';
import { policyRefOf } from '../../functions/core/policy';
import { createVisitService } from '../../functions/app/visit-service';
import type { Log } from '../../functions/app/log';
import { loadVisit } from '../../functions/core/handle-command';
import { createReconcileHandler } from '../../functions/reconcile/handler';
import { DESCRIBE_BUDGET_PER_RUN, RECONCILE_EVERY_MINUTES, ReconcileIncompleteError, STOP_MARGIN_MS, YOUNG_MINUTES } from '../../functions/reconcile/reconcile';
import { boardSummary, BoardSummary } from '../../functions/core/board';
import { ALICE } from '../support/actors';
import { uniqueId } from '../support/ids';
import { RecordingWorkflow } from '../support/recording-workflow';
import { policies, policyOf, T0, visitDetails } from '../support/scenario';

/**
 * The reconciler's handler over in-memory ports (the Lambda gives it DynamoDB and SFN): a visit
 * whose request was recorded but whose start died gets its execution, once, with the input the
 * request would have started it with; running, ended and quarantined visits are left alone.
 */

const SCHOOL = 'hunsbury-park';

/** A process that dies between recording the request and starting its execution. */
const dyingStarter = { start: async (): Promise<never> => Promise.reject(new Error('the process died before StartExecution')) };

function world() {
  const store = new InMemoryEventStore();
  const board = new MemoryVisitBoard();
  const workflow = new RecordingWorkflow();
  const registry = policyRegistry(policies.values());
  const service = (starter: InspectingWorkflowStarter | typeof dyingStarter) =>
    createVisitService({
      store,
      tokens: new MemoryTaskTokenStore(),
      signals: workflow,
      starter,
      duress: new MemoryDuressCodes(new Map()),
      clock: { now: () => new Date(T0) },
      policies: registry,
    });
  const request = (starter: InspectingWorkflowStarter | typeof dyingStarter) => {
    const visitId = uniqueId('visit');
    // What the table's stream does after the append, whether or not the process lived to start the execution.
    const projected = async () => {
      const { events, state } = await loadVisit(store, visitId);
      if (state.status !== 'none') await board.project(boardSummary(state, registry.version(state.policy.schoolId, state.policy.version)!, events.at(-1)?.meta.recordedAt));
    };
    return {
      visitId,
      done: service(starter).request({ asked: { name: 'request', body: { visitId, details: visitDetails(SCHOOL) } }, actor: ALICE, commandId: uniqueId('cmd') }).finally(projected),
    };
  };
  const log: Parameters<Log>[0][] = [];
  // The reconciler's clock, which tests move on (the requests are recorded at T0).
  const clock = { at: new Date(T0), now: () => clock.at };
  const handler = (starter: InspectingWorkflowStarter = workflow) =>
    createReconcileHandler({ board, store, starter, policies: registry, clock }, (entry) => log.push(entry));
  return { store, board, workflow, request, handler, log, clock };
}

describe('the reconciler', () => {
  it('starts the execution of a visit whose request was recorded but whose start died, with the input the request would have used', async () => {
    const { workflow, request, handler, log } = world();
    const crashed = request(dyingStarter);
    await expect(crashed.done).rejects.toThrow(/died before StartExecution/);
    expect(await workflow.stateOf(crashed.visitId)).toBe('not-started');

    const reconciled = await handler()();

    expect(reconciled).toMatchObject({ checked: 1, started: [crashed.visitId], ended: [], damaged: [] });
    expect(workflow.started).toEqual([{ name: crashed.visitId, input: { visitId: crashed.visitId, policy: policyRefOf(policyOf(SCHOOL)) } }]);
    expect(log).toEqual([expect.objectContaining({ level: 'warn', started: [crashed.visitId] })]);
  });

  it('leaves a visit whose execution runs alone, and a second pass starts nothing', async () => {
    const { workflow, request, handler, log } = world();
    const fine = request(workflow);
    await fine.done;
    const crashed = request(dyingStarter);
    await crashed.done.catch(() => undefined);

    await handler()();
    const second = await handler()();

    expect(workflow.started.map((start) => start.name)).toEqual([fine.visitId, crashed.visitId]);
    expect(second).toMatchObject({ checked: 2, started: [] });
    expect(log.at(-1)).toMatchObject({ level: 'info', started: [] });
  });

  it('does not start again a visit whose execution ended (its name is taken), and reports it', async () => {
    const { workflow, request, handler } = world();
    const visit = request(workflow);
    await visit.done;
    workflow.endedExecutions.add(visit.visitId);

    const reconciled = await handler()();

    expect(reconciled).toMatchObject({ started: [], ended: [visit.visitId] });
    expect(workflow.started).toHaveLength(1);
  });

  it('leaves a quarantined visit (its board line marked damaged) alone', async () => {
    const { workflow, board, request, handler } = world();
    const crashed = request(dyingStarter);
    await crashed.done.catch(() => undefined);
    await board.markDamaged({ schoolId: SCHOOL, visitId: crashed.visitId }, { version: 1 });

    const reconciled = await handler()();

    expect(reconciled).toMatchObject({ checked: 0, started: [] });
    expect(workflow.started).toEqual([]);
  });

  it('starts every other visit when one cannot be started, then fails naming it, so the alarm fires and the next run retries', async () => {
    const { workflow, request, handler, log } = world();
    const stuck = request(dyingStarter);
    const other = request(dyingStarter);
    await Promise.all([stuck.done.catch(() => undefined), other.done.catch(() => undefined)]);
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    const flaky: InspectingWorkflowStarter = {
      stateOf: (name) => workflow.stateOf(name),
      start: (name, input) => (name === stuck.visitId ? Promise.reject(throttled) : workflow.start(name, input)),
    };

    const error = await handler(flaky)().catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ReconcileIncompleteError);
    expect((error as ReconcileIncompleteError).failed).toEqual([{ visitId: stuck.visitId, error: throttled }]);
    expect(workflow.started.map((start) => start.name)).toEqual([other.visitId]);
    expect(log).toEqual([expect.objectContaining({ level: 'error', started: [other.visitId], failed: [{ visitId: stuck.visitId, error: 'ThrottlingException' }] })]);

    await handler()();
    expect(workflow.started.map((start) => start.name).sort()).toEqual([other.visitId, stuck.visitId].sort());
  });

  describe('a visit that went on in later executions (continue-as-new)', () => {
    const DAY = 24 * 3600 * 1000;

    it('follows an ended first execution to the generation it handed over to, and reports nothing ended', async () => {
      const { workflow, request, handler } = world();
      const visit = request(workflow);
      await visit.done;
      workflow.endedExecutions.add(visit.visitId);
      await workflow.start(`${visit.visitId}--1`, {});

      expect(await handler()()).toMatchObject({ checked: 1, started: [], ended: [] });
    });

    it('never starts a second first execution once Step Functions has forgotten the first (90 days after it closed): it finds the current generation', async () => {
      const { workflow, request, handler, clock } = world();
      const visit = request(workflow);
      await visit.done;
      await workflow.start(`${visit.visitId}--1`, {});
      await workflow.start(`${visit.visitId}--2`, {});
      for (const name of [visit.visitId, `${visit.visitId}--1`]) workflow.forgottenExecutions.add(name);
      clock.at = new Date(Date.parse(T0) + 200 * DAY);
      const startsBefore = workflow.started.length;

      expect(await handler()()).toMatchObject({ checked: 1, started: [], ended: [], untraced: [] });
      expect(workflow.started).toHaveLength(startsBefore);
    });

    it('reports, and does not start, an old visit none of whose executions Step Functions still describes', async () => {
      const { workflow, request, handler, clock, log } = world();
      const visit = request(workflow);
      await visit.done;
      workflow.forgottenExecutions.add(visit.visitId);
      clock.at = new Date(Date.parse(T0) + 120 * DAY);

      expect(await handler()()).toMatchObject({ started: [], untraced: [visit.visitId] });
      expect(workflow.started).toHaveLength(1);
      expect(log.at(-1)).toMatchObject({ level: 'warn', untraced: [visit.visitId] });
    });

    it('still starts a young visit whose first execution does not exist: it was never started', async () => {
      const { workflow, request, handler, clock } = world();
      const crashed = request(dyingStarter);
      await crashed.done.catch(() => undefined);
      clock.at = new Date(Date.parse(T0) + 89 * DAY);

      expect(await handler()()).toMatchObject({ started: [crashed.visitId] });
      expect(workflow.started.map((start) => start.name)).toEqual([crashed.visitId]);
    });
  });

  describe('at scale: bounded runs', () => {
    const MINUTE = 60_000;
    /** An open line last changed at T0 (a visit well under way: its execution was described before). */
    const openLine = (visitId: string): BoardSummary =>
      BoardSummary.parse({ visitId, schoolId: SCHOOL, status: 'in-home', active: true, staff: ['Alice'], stage: 'in-home', escalationLevel: 0, openAlerts: 0, version: 6, updatedAt: T0 });

    it('describes every young visit each run, and each older one within `slices` runs, never more than its budget in one', async () => {
      const { board, workflow, handler, clock, request } = world();
      const ids = Array.from({ length: 2 * DESCRIBE_BUDGET_PER_RUN + 100 }, (_, i) => `visit-old-${i}`);
      for (const visitId of ids) {
        await board.project(openLine(visitId));
        await workflow.start(visitId, {});
      }
      const described: string[] = [];
      const counting: InspectingWorkflowStarter = { start: (name, input) => workflow.start(name, input), stateOf: (name) => (described.push(name), workflow.stateOf(name)) };
      const young = request(workflow);
      await young.done;

      const runs = [];
      for (let run = 0; run < 3; run++) {
        clock.at = new Date(Date.parse(T0) + (YOUNG_MINUTES + 1 + run * RECONCILE_EVERY_MINUTES) * MINUTE);
        // The young visit: re-projected just now, as its request would have been.
        await board.project({ ...openLine(young.visitId), version: 7 + run, updatedAt: clock.at.toISOString() });
        const before = described.length;
        runs.push({ result: await handler(counting)(), described: described.slice(before) });
      }

      for (const { result, described: these } of runs) {
        expect(result).toMatchObject({ open: ids.length + 1, slices: 3, complete: true, started: [] });
        expect(result.checked).toBeLessThanOrEqual(DESCRIBE_BUDGET_PER_RUN);
        expect(these).toContain(young.visitId);
      }
      expect(new Set(runs.flatMap((run) => run.described))).toEqual(new Set([...ids, young.visitId]));
    });

    it('stops before its time limit, says so, and leaves what it did not describe to the next run', async () => {
      const { workflow, request: requestVisit, handler, log } = world();
      const crashed = requestVisit(dyingStarter);
      await crashed.done.catch(() => undefined);
      let left = STOP_MARGIN_MS - 1;

      expect(await handler()(undefined, { getRemainingTimeInMillis: () => left })).toMatchObject({ open: 1, checked: 0, complete: false, started: [] });
      expect(log.at(-1)).toMatchObject({ level: 'warn', complete: false });

      left = 10 * STOP_MARGIN_MS;
      expect(await handler()(undefined, { getRemainingTimeInMillis: () => left })).toMatchObject({ checked: 1, complete: true, started: [crashed.visitId] });
      expect(workflow.started.map((start) => start.name)).toEqual([crashed.visitId]);
    });
  });
});
