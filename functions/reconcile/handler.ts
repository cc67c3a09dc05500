import { ReconcileIncompleteError, reconcileUnstarted, type ReconcileDeps, type Reconciled } from './reconcile';

/** One structured log line: ids and counts, never a person's details. */
export type ReconcileLogger = (entry: { readonly level: 'info' | 'warn' | 'error'; readonly message: string } & Record<string, unknown>) => void;

const consoleLogger: ReconcileLogger = (entry) => (entry.level === 'error' ? console.error : console.log)(JSON.stringify(entry));

/**
 * The scheduled Lambda's handler: one reconcile pass. A visit it had to start is a warning (a
 * request died between its append and its start); one it could not reconcile fails the invocation,
 * so the function's Errors alarm fires, and the next run (five minutes on) tries it again.
 */
export function createReconcileHandler(deps: ReconcileDeps, log: ReconcileLogger = consoleLogger) {
  return async (): Promise<Reconciled> => {
    try {
      const reconciled = await reconcileUnstarted(deps);
      log(summary(reconciled.started.length + reconciled.untraced.length > 0 ? 'warn' : 'info', reconciled));
      return reconciled;
    } catch (error) {
      if (error instanceof ReconcileIncompleteError) {
        log({ ...summary('error', error.reconciled), failed: error.failed.map(({ visitId, error: cause }) => ({ visitId, error: cause instanceof Error ? cause.name : 'error' })) });
      }
      throw error;
    }
  };
}

function summary(level: 'info' | 'warn' | 'error', { checked, started, ended, damaged, untraced }: Reconciled) {
  return {
    level,
    message: started.length > 0 ? 'started the executions of visits recorded but never started' : 'every open visit has its execution',
    checked,
    started,
    ended: ended.length,
    damaged,
    untraced,
  };
}
