import type { InspectingWorkflowStarter } from '../adapters/workflow-starter';
import type { VisitBoard } from '../adapters/visit-board';
import type { PolicyRegistry } from '../app/policy-registry';
import { createHash } from 'node:crypto';
import type { Clock } from '../core/clock';
import type { EventStore } from '../core/event-store';
import { executionNameOf } from '../core/execution-names';
import { loadVisit } from '../core/handle-command';
import { RecordUnreadableError } from '../core/record-damage';

/**
 * The reconciler: a visit whose `VisitRequested` is recorded but whose execution was never started
 * (the API died between the append and StartExecution, or the start failed and the client never
 * retried) gets one, so nobody has to notice that it is not being timed.
 *
 * Why the office board's open index, and not a write-ahead "start pending" record: `request`
 * projects the visit's board line after the append and before the start, so every visit in that
 * gap already has an open line, and the open index is what the office reads anyway (it costs what
 * is open today, never every event ever). A write-ahead record would also cover a death between
 * the append and the board line (milliseconds; the client's retry under its key heals it), but it
 * needs a table of its own wired into the API and one more write and delete on every request.
 * Each open line's execution is described by name (the visit id), and only one that does not
 * exist is started: one that ended keeps its name (Step Functions refuses a second execution of
 * it), and starting is idempotent by name and input, so a request still under way converges with us.
 *
 * A long visit goes on in later executions (`<visitId>--<generation>`, continue-as-new), and Step
 * Functions forgets a closed execution 90 days after it closed: its name then describes as never
 * started, and may be started again. So an ended execution is followed to the generation it handed
 * over to, and a first execution that does not exist is only taken for one never started while the
 * visit is younger than that retention; an older visit is looked for among its later generations,
 * and never given a second first execution.
 */

/** How often the reconciler runs (the schedule in lib/reconciler.ts), and how long a run may take: less, so runs never overlap. */
export const RECONCILE_EVERY_MINUTES = 5;
export const RECONCILE_TIMEOUT_SECONDS = 240;
/**
 * Step Functions' DescribeExecution is throttled per account and region (a bucket of 250 refilled at
 * 10 a second outside us-east-1, us-west-2 and eu-west-1, which have 300 and 15), shared with the
 * API: a run describes at most this many visits, about two and a half minutes of the refill plus
 * part of the bucket, and leaves the rest of the rate to the API.
 */
export const DESCRIBE_BUDGET_PER_RUN = 1500;
/** A visit whose line changed this recently is described by every run: a request that died is started by the next run. */
export const YOUNG_MINUTES = 60;
/** Lines read from the open index a page at a time (a Query's Limit), and visits described at once. */
export const PAGE_SIZE = 500;
export const CONCURRENCY = 4;
/** A run stops taking visits this long before its timeout, to log and return what it did. */
export const STOP_MARGIN_MS = 30_000;

/** How long Step Functions keeps a closed standard execution: after that its name describes as never started. */
export const CLOSED_EXECUTION_RETENTION_DAYS = 90;
/**
 * How many generations the reconciler looks through for a visit's current one. A generation lasts
 * up to 330 days or 1,000 passes (hours, under a fault that never clears: WATCH_LOST_PASSES), so
 * a visit with more than this is under a fault operations have been alarmed of for days.
 */
export const MAX_GENERATIONS_LOOKED_AT = 32;

export interface ReconcileDeps {
  readonly board: Pick<VisitBoard, 'unfinishedPages'>;
  readonly store: EventStore;
  readonly starter: InspectingWorkflowStarter;
  readonly policies: PolicyRegistry;
  /** To tell a first execution never started from one Step Functions has forgotten, and which slice of the open visits this run describes. */
  readonly clock: Clock;
}

export interface ReconcileOptions {
  /** Milliseconds left before the run's timeout (Lambda's context). @default no limit */
  readonly timeLeftMs?: () => number;
}

export interface Reconciled {
  /** Open board lines read (neither filed nor quarantined). */
  readonly open: number;
  /** Of them, the visits this run described: every young one, and its slice of the rest. */
  readonly checked: number;
  /** Runs it takes to describe every open visit (the slices of the open visits). */
  readonly slices: number;
  /** False when the run stopped at its time limit before describing every visit due. */
  readonly complete: boolean;
  /** Visits that had no execution and now have one. */
  readonly started: readonly string[];
  /**
   * Unfinished visits whose execution ended (failed, timed out, stopped: the workflow alarms said
   * so when it happened; or handed over to its next execution). Not restarted: the name is taken.
   */
  readonly ended: readonly string[];
  /** Visits whose record no longer parses: quarantined, not started. */
  readonly damaged: readonly string[];
  /**
   * Open visits older than the retention whose executions Step Functions no longer describes (none
   * of the generations looked at exists): never started again, as a first execution that closed
   * long ago would be, but reported.
   */
  readonly untraced: readonly string[];
}

/** Some visits could not be reconciled (the others were): the Lambda fails, so its Errors alarm fires, and the next run tries again. */
export class ReconcileIncompleteError extends Error {
  override readonly name = 'ReconcileIncompleteError';
  constructor(
    readonly failed: readonly { readonly visitId: string; readonly error: unknown }[],
    readonly reconciled: Reconciled,
  ) {
    super(`${failed.length} visit(s) could not be reconciled: ${failed.map(({ visitId }) => visitId).join(', ')}`, {
      cause: new AggregateError(failed.map(({ error }) => error)),
    });
  }
}

/**
 * One run: read the open index a page at a time, then describe the visits due this run, a few at a
 * time, until they are done or the run's time is nearly up. Due: every visit whose line changed in
 * the last YOUNG_MINUTES (a request that died is among them), and one slice of the rest, the slices
 * sized to DESCRIBE_BUDGET_PER_RUN and taken in turn by successive runs, so every open visit is
 * described within `slices` runs. Throws ReconcileIncompleteError after the run if any visit failed.
 *
 * @example
 * const { started } = await reconcileUnstarted({ board, store, starter, policies, clock });
 */
export async function reconcileUnstarted(deps: ReconcileDeps, options: ReconcileOptions = {}): Promise<Reconciled> {
  const now = deps.clock.now().getTime();
  const open: { visitId: string; updatedAt: number }[] = [];
  for await (const page of deps.board.unfinishedPages({ pageSize: PAGE_SIZE })) {
    for (const line of page) if (line.status !== 'filed' && !line.damaged) open.push({ visitId: line.visitId, updatedAt: Date.parse(line.updatedAt) });
  }
  const slices = Math.max(1, Math.ceil(open.length / DESCRIBE_BUDGET_PER_RUN));
  const slice = Math.floor(now / (RECONCILE_EVERY_MINUTES * 60_000)) % slices;
  const due = open.filter(({ visitId, updatedAt }) => now - updatedAt < YOUNG_MINUTES * 60_000 || sliceOf(visitId, slices) === slice).map(({ visitId }) => visitId);

  const started: string[] = [];
  const ended: string[] = [];
  const damaged: string[] = [];
  const untraced: string[] = [];
  const failed: { visitId: string; error: unknown }[] = [];
  const timeLeft = options.timeLeftMs ?? (() => Number.POSITIVE_INFINITY);
  let next = 0;
  let checked = 0;
  const worker = async () => {
    while (next < due.length && timeLeft() > STOP_MARGIN_MS) {
      const visitId = due[next++]!;
      checked++;
      try {
        const outcome = await reconcileOne(deps, visitId);
        if (outcome === 'started') started.push(visitId);
        else if (outcome === 'ended') ended.push(visitId);
        else if (outcome === 'damaged') damaged.push(visitId);
        else if (outcome === 'untraced') untraced.push(visitId);
      } catch (error) {
        failed.push({ visitId, error });
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const reconciled = { open: open.length, checked, slices, complete: checked === due.length, started, ended, damaged, untraced };
  if (failed.length > 0) throw new ReconcileIncompleteError(failed, reconciled);
  return reconciled;
}

/** Which of `slices` slices a visit falls in: a hash of its id, so slices stay put between runs. */
const sliceOf = (visitId: string, slices: number): number => createHash('sha256').update(visitId).digest().readUInt32BE(0) % slices;

type Outcome = 'running' | 'ended' | 'started' | 'damaged' | 'nothing-to-run' | 'untraced';

async function reconcileOne(deps: ReconcileDeps, visitId: string): Promise<Outcome> {
  const first = await deps.starter.stateOf(visitId);
  if (first !== 'not-started') return currentFrom(deps, visitId, 0, first);
  let loaded;
  try {
    loaded = await loadVisit(deps.store, visitId);
  } catch (error) {
    if (error instanceof RecordUnreadableError) return 'damaged';
    throw error;
  }
  const visit = loaded.state;
  if (visit.status === 'none' || visit.status === 'filed') return 'nothing-to-run';
  const requestedAt = Date.parse(loaded.events[0]?.meta.recordedAt ?? '');
  if (!(deps.clock.now().getTime() - requestedAt < CLOSED_EXECUTION_RETENTION_DAYS * 24 * 3600 * 1000)) return laterGeneration(deps, visitId);
  if (!deps.policies.version(visit.policy.schoolId, visit.policy.version)) {
    throw new Error(`visit ${visitId}: policy ${visit.policy.schoolId}@${visit.policy.version} is not in this bundle`);
  }
  // The input `request` starts with: the same policy reference, so a start racing ours converges.
  await deps.starter.start(visitId, { visitId, policy: visit.policy });
  return 'started';
}

/** From an execution that exists: an ended one may have handed the visit to the next generation. */
async function currentFrom(deps: ReconcileDeps, visitId: string, generation: number, state: 'running' | 'ended'): Promise<'running' | 'ended'> {
  for (let g = generation; state === 'ended' && g < MAX_GENERATIONS_LOOKED_AT; g++) {
    const next = await deps.starter.stateOf(executionNameOf(visitId, g + 1));
    if (next === 'not-started') return 'ended';
    state = next;
  }
  return state;
}

/** A visit older than the retention whose first execution is forgotten: the first later generation still described leads to the current one. */
async function laterGeneration(deps: ReconcileDeps, visitId: string): Promise<'running' | 'ended' | 'untraced'> {
  for (let g = 1; g <= MAX_GENERATIONS_LOOKED_AT; g++) {
    const state = await deps.starter.stateOf(executionNameOf(visitId, g));
    if (state !== 'not-started') return currentFrom(deps, visitId, g, state);
  }
  return 'untraced';
}
