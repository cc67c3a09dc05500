import { DescribeExecutionCommand, StartExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { isDeepStrictEqual } from 'node:util';
import { whenAvailable } from './dependency-unavailable';

/** Starts the workflow of one visit; the execution name is the visit id. */
export interface WorkflowStarter {
  /**
   * Starts execution `name` with `input` (JSON-serialisable). Starting a name again with the same
   * input succeeds without a second execution, whether the first still runs or has ended;
   * with other input it throws ExecutionInputConflictError.
   */
  start(name: string, input: unknown): Promise<{ executionArn: string }>;
}

/**
 * Where the execution of a name stands: `running`; `ended` (any end: the name stays taken, so
 * starting it again with the same input is a no-op and cannot revive it); `not-started` (no
 * execution by that name: a visit whose request was recorded but whose start never happened).
 */
export type ExecutionState = 'running' | 'ended' | 'not-started';

/** The starter a reconciler needs: it asks before it starts, so it starts only what nobody started. */
export interface InspectingWorkflowStarter extends WorkflowStarter {
  /** DescribeExecution of execution `name`. */
  stateOf(name: string): Promise<ExecutionState>;
}

/** The execution name is taken, by an execution that started with other input. */
export class ExecutionInputConflictError extends Error {
  constructor(
    readonly executionArn: string,
    options: { cause: unknown },
  ) {
    super(`Execution ${executionArn} already exists with a different input`, options);
    this.name = 'ExecutionInputConflictError';
  }
}

/** The operations of SFN (or of the local engine, which mirrors them) that starting needs. */
export interface ExecutionsApi {
  startExecution(name: string, input: string): Promise<{ executionArn: string }>;
  /** The input of an existing execution, as JSON text. */
  executionInput(executionArn: string): Promise<string | undefined>;
  executionArn(name: string): string;
}

/** An execution's status as SFN (or the local engine) names it, in the reconciler's words. */
export function executionStateOf(status: string | undefined): ExecutionState {
  // PENDING_REDRIVE: a redrive of a failed execution is under way, so it runs again.
  return status === 'RUNNING' || status === 'PENDING_REDRIVE' ? 'running' : 'ended';
}

/** DescribeExecution of `name` as an ExecutionState; a throttled or unreachable SFN is DependencyUnavailableError. */
export async function describeState(api: Pick<ExecutionsApi, 'executionArn'> & { executionStatus(executionArn: string): Promise<string | undefined> }, name: string): Promise<ExecutionState> {
  try {
    return executionStateOf(await whenAvailable('Step Functions (describe execution)', () => api.executionStatus(api.executionArn(name))));
  } catch (error) {
    if (error instanceof Error && error.name === 'ExecutionDoesNotExist') return 'not-started';
    throw error;
  }
}

/**
 * SFN Standard answers a repeated start with the same input as a no-op only while the first
 * execution runs; afterwards it is ExecutionAlreadyExists. A retried API request must converge
 * either way, so a name that exists with the same input counts as started. A throttled or
 * unreachable SFN is DependencyUnavailableError: starting again is safe.
 */
export async function startIdempotently(api: ExecutionsApi, name: string, input: unknown): Promise<{ executionArn: string }> {
  const text = JSON.stringify(input ?? null);
  try {
    return await whenAvailable('Step Functions (start execution)', () => api.startExecution(name, text));
  } catch (error) {
    if (!(error instanceof Error && error.name === 'ExecutionAlreadyExists')) throw error;
    const executionArn = api.executionArn(name);
    const existing = await whenAvailable('Step Functions (describe execution)', () => api.executionInput(executionArn));
    if (existing === undefined || !isDeepStrictEqual(JSON.parse(existing), JSON.parse(text))) {
      throw new ExecutionInputConflictError(executionArn, { cause: error });
    }
    return { executionArn };
  }
}

/** `arn:…:stateMachine:Name` → `arn:…:execution:Name:executionName`. */
export function executionArnOf(stateMachineArn: string, executionName: string): string {
  return `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${executionName}`;
}

export class SfnWorkflowStarter implements InspectingWorkflowStarter {
  constructor(private readonly options: { client: SFNClient; stateMachineArn: string }) {}

  start(name: string, input: unknown): Promise<{ executionArn: string }> {
    const { client, stateMachineArn } = this.options;
    return startIdempotently(
      {
        startExecution: async (executionName, text) => {
          const started = await client.send(new StartExecutionCommand({ stateMachineArn, name: executionName, input: text }));
          return { executionArn: started.executionArn ?? executionArnOf(stateMachineArn, executionName) };
        },
        executionInput: async (executionArn) => (await client.send(new DescribeExecutionCommand({ executionArn }))).input,
        executionArn: (executionName) => executionArnOf(stateMachineArn, executionName),
      },
      name,
      input,
    );
  }

  stateOf(name: string): Promise<ExecutionState> {
    const { client, stateMachineArn } = this.options;
    return describeState(
      {
        executionStatus: async (executionArn) => (await client.send(new DescribeExecutionCommand({ executionArn }))).status,
        executionArn: (executionName) => executionArnOf(stateMachineArn, executionName),
      },
      name,
    );
  }
}
