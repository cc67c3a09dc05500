import { afterEach, describe, expect, it } from 'vitest';
import { MemoryAlertPublisher } from '../../functions/adapters/alert-publisher';
import { createVisitService } from '../../functions/app/visit-service';
import { reconcileUnstarted } from '../../functions/reconcile/reconcile';
import { demoDuressCodes } from '../../local/auth';
import { startDynalite, type Dynalite } from '../../local/dynalite';
import { LocalWorkflowStarter, ScaledClock } from '../../local/engine';
import { createVisitRuntime, type VisitRuntime } from '../../local/visit-runtime';
import { ALICE, HEAD } from '../support/actors';
import { eventually } from '../support/eventually';
import { uniqueId } from '../support/ids';
import { policies, T0, visitDetails } from '../support/scenario';

/**
 * A crash between recording a visit's request and starting its workflow, healed on the local
 * runtime: by the reconciler while the runtime runs (as the scheduled Lambda does on AWS), and by
 * the next start-up's resume. Either way the visit gets its execution and waits for authorisation.
 */

const SCHOOL = 'hunsbury-park';
const dyingStarter = { start: async (): Promise<never> => Promise.reject(new Error('the process died before StartExecution')) };

let dynalite: Dynalite | undefined;
const runtimes: VisitRuntime[] = [];
afterEach(async () => {
  for (const runtime of runtimes.splice(0)) await runtime.close();
  await dynalite?.stop();
  dynalite = undefined;
});

async function runtimeOn(tables: { events: string; tokens: string; board: string; outbox: string }): Promise<VisitRuntime> {
  dynalite ??= await startDynalite();
  const runtime = await createVisitRuntime({
    dynamodb: dynalite.client,
    policies: policies.values(),
    sinks: [{ name: 'test', sink: new MemoryAlertPublisher() }],
    log: () => undefined,
    duress: await demoDuressCodes(),
    clock: new ScaledClock(60, new Date(T0)),
    tables,
  });
  runtimes.push(runtime);
  return runtime;
}

const freshTables = () => {
  const suffix = uniqueId('t');
  return { events: `events-${suffix}`, tokens: `tokens-${suffix}`, board: `board-${suffix}`, outbox: `outbox-${suffix}` };
};

/** Request a visit through the service whose start dies after the request was recorded. */
async function requestAndDie(runtime: VisitRuntime): Promise<string> {
  const visitId = uniqueId('visit');
  const request = createVisitService({ ...runtime.deps, starter: dyingStarter }).request({
    asked: { name: 'request', body: { visitId, details: visitDetails(SCHOOL) } },
    actor: ALICE,
    commandId: uniqueId('cmd'),
  });
  await expect(request).rejects.toThrow(/died before StartExecution/);
  return visitId;
}

const waitingAt = (runtime: VisitRuntime, visitId: string, stage: string) =>
  eventually(`visit ${visitId} waiting at ${stage}`, async () => (await runtime.deps.tokens.get(visitId))?.stage === stage);

describe('a visit recorded but never started', () => {
  it('is started by the reconciler, waits for authorisation, and goes on when authorised', async () => {
    const runtime = await runtimeOn(freshTables());
    const starter = new LocalWorkflowStarter(runtime.engine);
    const visitId = await requestAndDie(runtime);
    expect(await starter.stateOf(visitId)).toBe('not-started');

    const reconciled = await reconcileUnstarted({ board: runtime.deps.board, store: runtime.deps.store, starter, policies: runtime.deps.policies, clock: runtime.clock });

    expect(reconciled.started).toEqual([visitId]);
    expect(await starter.stateOf(visitId)).toBe('running');
    await waitingAt(runtime, visitId, 'awaiting-authorisation');
    const authorised = await createVisitService(runtime.deps).act(visitId, { asked: { name: 'authorise', body: {} }, actor: HEAD, commandId: uniqueId('cmd') });
    expect(authorised).toMatchObject({ ok: true, signal: 'delivered' });
    await waitingAt(runtime, visitId, 'awaiting-departure');
    // A second pass finds its execution running and starts nothing.
    expect(await reconcileUnstarted({ board: runtime.deps.board, store: runtime.deps.store, starter, policies: runtime.deps.policies, clock: runtime.clock })).toMatchObject({ started: [] });
  });

  it('is started by the next start-up, when the process died between the request and its start', async () => {
    const tables = freshTables();
    const first = await runtimeOn(tables);
    const visitId = await requestAndDie(first);
    await first.close();

    const second = await runtimeOn(tables);
    await second.resume();

    const starter = new LocalWorkflowStarter(second.engine);
    expect(await starter.stateOf(visitId)).toBe('running');
    await waitingAt(second, visitId, 'awaiting-authorisation');
    expect(await reconcileUnstarted({ board: second.deps.board, store: second.deps.store, starter, policies: second.deps.policies, clock: second.clock })).toMatchObject({ started: [] });
  });
});
