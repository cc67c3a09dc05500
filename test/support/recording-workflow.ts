import { TaskNotWaitingError, type TaskSignals } from '../../functions/adapters/task-signals';
import type { ExecutionState, InspectingWorkflowStarter } from '../../functions/adapters/workflow-starter';

/**
 * Stands in for Step Functions in API tests: records every start and signal, and answers a signal
 * to a task listed in `ended` the way Step Functions answers one whose wait already timed out.
 * No assertions inside: tests read `started` and `signals`.
 */
export type RecordedSignal =
  | { readonly kind: 'success'; readonly token: string; readonly output: unknown }
  | { readonly kind: 'failure'; readonly token: string; readonly error: string; readonly cause: string }
  | { readonly kind: 'heartbeat'; readonly token: string };

export class RecordingWorkflow implements TaskSignals, InspectingWorkflowStarter {
  readonly started: { name: string; input: unknown }[] = [];
  readonly signals: RecordedSignal[] = [];
  /** Tokens of tasks that have stopped waiting: signalling them fails with TaskNotWaitingError. */
  readonly ended = new Set<string>();
  /** Names of executions that have ended (any end): `stateOf` says `ended` for them. */
  readonly endedExecutions = new Set<string>();
  /** Names Step Functions has forgotten (closed more than 90 days ago): `stateOf` says `not-started` for them. */
  readonly forgottenExecutions = new Set<string>();

  async start(name: string, input: unknown): Promise<{ executionArn: string }> {
    this.started.push({ name, input });
    return { executionArn: `arn:aws:states:eu-west-2:123456789012:execution:visit:${name}` };
  }

  /** `not-started` if forgotten, `ended` if listed in `endedExecutions`, `running` once started, else `not-started`. */
  async stateOf(name: string): Promise<ExecutionState> {
    if (this.forgottenExecutions.has(name)) return 'not-started';
    if (this.endedExecutions.has(name)) return 'ended';
    return this.started.some((start) => start.name === name) ? 'running' : 'not-started';
  }

  async success(token: string, output: unknown): Promise<void> {
    this.signals.push({ kind: 'success', token, output });
    this.refuseEnded(token);
  }

  async failure(token: string, error: string, cause = ''): Promise<void> {
    this.signals.push({ kind: 'failure', token, error, cause });
    this.refuseEnded(token);
  }

  async heartbeat(token: string): Promise<void> {
    this.signals.push({ kind: 'heartbeat', token });
    this.refuseEnded(token);
  }

  private refuseEnded(token: string): void {
    if (this.ended.has(token)) throw new TaskNotWaitingError({ cause: new Error('TaskTimedOut') });
  }
}
