import { SendTaskFailureCommand, SendTaskHeartbeatCommand, SendTaskSuccessCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { whenAvailable } from './dependency-unavailable';
import { TaskNotWaitingError, type TaskSignals } from './task-signal-port';

// Starting a workflow is the other thing the API asks of Step Functions; its port lives beside this one.
export type { WorkflowStarter } from './workflow-starter';

// The port itself has no SDK in it, so a step that never signals does not load the Step Functions client.
export { TaskNotWaitingError, type TaskSignals } from './task-signal-port';

/** How SFN answers a token nothing waits on; the local engine answers with the same names. */
const NOT_WAITING = new Set(['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken']);

/**
 * Runs a SendTask* call, turning "nothing waits on this token" into TaskNotWaitingError and a
 * throttled or unreachable Step Functions into DependencyUnavailableError (the token still waits:
 * signal it again).
 */
export async function signalling(send: () => Promise<unknown>): Promise<void> {
  try {
    await whenAvailable('Step Functions (task signals)', send);
  } catch (error) {
    if (error instanceof Error && NOT_WAITING.has(error.name)) throw new TaskNotWaitingError({ cause: error });
    throw error;
  }
}

export class SfnTaskSignals implements TaskSignals {
  constructor(private readonly options: { client: SFNClient }) {}

  success(token: string, output: unknown): Promise<void> {
    const command = new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify(output ?? null) });
    return signalling(() => this.options.client.send(command));
  }

  failure(token: string, error: string, cause?: string): Promise<void> {
    const command = new SendTaskFailureCommand({ taskToken: token, error, ...(cause !== undefined ? { cause } : {}) });
    return signalling(() => this.options.client.send(command));
  }

  heartbeat(token: string): Promise<void> {
    return signalling(() => this.options.client.send(new SendTaskHeartbeatCommand({ taskToken: token })));
  }
}
