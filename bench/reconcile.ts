import { SFNClient } from '@aws-sdk/client-sfn';
import { InMemoryEventStore } from '../functions/adapters/memory-event-store';
import { MemoryVisitBoard, type VisitBoard } from '../functions/adapters/visit-board';
import { SfnWorkflowStarter, type InspectingWorkflowStarter } from '../functions/adapters/workflow-starter';
import { policyRegistry } from '../functions/app/policy-registry';
import { BoardSummary } from '../functions/core/board';
import { createReconcileHandler } from '../functions/reconcile/handler';
import { DESCRIBE_BUDGET_PER_RUN, RECONCILE_EVERY_MINUTES, RECONCILE_TIMEOUT_SECONDS } from '../functions/reconcile/reconcile';
import { policies, T0 } from '../test/support/scenario';

/**
 * The reconciler against 70,000 open visits, with the real handler, board paging and SFN adapter;
 * the SDK client answers every DescribeExecution itself (RUNNING) and counts the calls, and Step
 * Functions' throttle is modelled in virtual time: a bucket of 250 refilled at 10 a second (the
 * DescribeExecution quota outside us-east-1, us-west-2 and eu-west-1), 25 ms a call, four at once.
 * The run's time left is the Lambda timeout less that virtual time. Consecutive runs (five minutes
 * apart) are taken until every open visit has been described once: a full sweep.
 */
const OPEN_VISITS = 70_000;
const BUCKET = 250;
const REFILL_PER_S = 10;
const CALL_S = 0.025;
const CONCURRENT = 4;

export async function benchReconcile(): Promise<void> {
  const board = new MemoryVisitBoard();
  const line = (visitId: string) =>
    BoardSummary.parse({ visitId, schoolId: 'hunsbury-park', status: 'in-home', active: true, staff: ['Alice'], stage: 'in-home', escalationLevel: 0, openAlerts: 0, version: 6, updatedAt: T0 });
  for (let i = 0; i < OPEN_VISITS; i++) await board.project(line(`visit-${String(i).padStart(6, '0')}`));

  let queries = 0;
  const counted: VisitBoard = {
    project: (summary) => board.project(summary),
    list: (filter) => board.list(filter),
    unfinished: (filter) => board.unfinished(filter),
    markDamaged: (key, damage) => board.markDamaged(key, damage),
    async *unfinishedPages(options) {
      for await (const page of board.unfinishedPages(options)) {
        queries++;
        yield page;
      }
    },
  };

  // Step Functions in virtual time: each DescribeExecution waits for a token, then takes CALL_S of
  // one of CONCURRENT connections.
  const sfn = { calls: new Map<string, number>(), virtualS: 0, tokens: BUCKET, refilledAt: 0 };
  const client = new SFNClient({ region: 'eu-west-2', credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } });
  client.middlewareStack.add(
    () => async () => {
      sfn.tokens = Math.min(BUCKET, sfn.tokens + (sfn.virtualS - sfn.refilledAt) * REFILL_PER_S);
      sfn.refilledAt = sfn.virtualS;
      if (sfn.tokens < 1) {
        sfn.virtualS += (1 - sfn.tokens) / REFILL_PER_S;
        sfn.tokens = 1;
        sfn.refilledAt = sfn.virtualS;
      }
      sfn.tokens -= 1;
      sfn.virtualS += CALL_S / CONCURRENT;
      return { output: { status: 'RUNNING', $metadata: {} }, response: {} };
    },
    { step: 'initialize', name: 'benchStepFunctions' },
  );
  client.middlewareStack.add(
    (next, context) => async (args) => {
      sfn.calls.set(context.commandName ?? '?', (sfn.calls.get(context.commandName ?? '?') ?? 0) + 1);
      return next(args);
    },
    { step: 'initialize', priority: 'high', name: 'benchCount' },
  );
  const starter = new SfnWorkflowStarter({ client, stateMachineArn: 'arn:aws:states:eu-west-2:123456789012:stateMachine:home-visits-bench' });

  const described = new Set<string>();
  const tracking: InspectingWorkflowStarter = { start: (name, input) => starter.start(name, input), stateOf: (name) => (described.add(name), starter.stateOf(name)) };
  // Two days after the visits' last change: none is young, so only its slice is described each run.
  let now = Date.parse(T0) + 2 * 24 * 3600_000;
  const handler = createReconcileHandler(
    { board: counted, store: new InMemoryEventStore(), starter: tracking, policies: policyRegistry(policies.values()), clock: { now: () => new Date(now) } },
    () => undefined,
  );

  const rows: string[] = [];
  let runs = 0;
  let cpuMs = 0;
  while (described.size < OPEN_VISITS && runs < 200) {
    queries = 0;
    sfn.calls.clear();
    sfn.virtualS = 0;
    sfn.refilledAt = 0;
    sfn.tokens = BUCKET;
    const startedAt = performance.now();
    const result = await handler(undefined, { getRemainingTimeInMillis: () => RECONCILE_TIMEOUT_SECONDS * 1000 - sfn.virtualS * 1000 });
    cpuMs += performance.now() - startedAt;
    runs++;
    if (runs <= 2) {
      rows.push(
        `  run ${runs}: ${queries} Query pages, ${sfn.calls.get('DescribeExecutionCommand') ?? 0} DescribeExecution, ${(sfn.calls.get('StartExecutionCommand') ?? 0)} StartExecution; ` +
          `${result.checked.toLocaleString('en-GB')} of ${result.open.toLocaleString('en-GB')} open visits described in ${sfn.virtualS.toFixed(0)} s of Step Functions time (timeout ${RECONCILE_TIMEOUT_SECONDS} s), complete: ${result.complete}, ${result.slices} slices`,
      );
    }
    now += RECONCILE_EVERY_MINUTES * 60_000;
  }
  for (const row of rows) console.log(row);
  console.log(
    `  every one of ${OPEN_VISITS.toLocaleString('en-GB')} open visits described once in ${runs} runs (${runs * RECONCILE_EVERY_MINUTES} min at one run every ${RECONCILE_EVERY_MINUTES} min; budget ${DESCRIBE_BUDGET_PER_RUN.toLocaleString('en-GB')} describes a run); ` +
      `a visit that changed in the last hour is described every run. Our own code: ${(cpuMs / runs).toFixed(0)} ms a run on this machine`,
  );
}
