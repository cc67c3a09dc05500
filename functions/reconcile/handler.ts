import type { Log } from '../app/log';
import { ReconcileIncompleteError, reconcileUnstarted, type ReconcileDeps, type Reconciled } from './reconcile';

/** What the handler reads of Lambda's context: the time left before the run's timeout. */
export interface RunContext {
  getRemainingTimeInMillis(): number;
}


/**
 * The scheduled Lambda's handler: one reconcile pass. A visit it had to start is a warning (a
 * request died between its append and its start); one it could not reconcile fails the invocation,
 * so the function's Errors alarm fires, and the next run (five minutes on) tries it again.
 */
export function createReconcileHandler(deps: ReconcileDeps, log: Log) {
  return async (_event?: unknown, context?: RunContext): Promise<Reconciled> => {
    try {
      const reconciled = await reconcileUnstarted(deps, context ? { timeLeftMs: () => context.getRemainingTimeInMillis() } : {});
      // A run that ran out of time is a warning: its visits are due again next run, and a growing open board shows here first.
      log(summary(reconciled.started.length + reconciled.untraced.length > 0 || !reconciled.complete ? 'warn' : 'info', reconciled));
      return reconciled;
    } catch (error) {
      if (error instanceof ReconcileIncompleteError) {
        log({ ...summary('error', error.reconciled), failed: error.failed.map(({ visitId, error: cause }) => ({ visitId, error: cause instanceof Error ? cause.name : 'error' })) });
      }
      throw error;
    }
  };
}

function summary(level: 'info' | 'warn' | 'error', { open, checked, slices, complete, started, ended, damaged, untraced }: Reconciled) {
  return {
    level,
    message: started.length > 0 ? 'started the executions of visits recorded but never started' : complete ? 'every visit due this run has its execution' : 'stopped at the time limit',
    open,
    checked,
    slices,
    complete,
    started,
    ended: ended.length,
    damaged,
    untraced,
  };
}
