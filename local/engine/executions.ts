import { ExecutionError } from 'aws-local-stepfunctions';
import { LocalSfnApiError } from './errors';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/** As SFN's DescribeExecution answers: input and output are JSON text. */
export interface ExecutionDescription {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly name: string;
  readonly status: ExecutionStatus;
  readonly startDate: Date;
  readonly stopDate?: Date;
  readonly input: string;
  readonly output?: string;
  readonly error?: string;
  readonly cause?: string;
}

export type ExecutionListItem = Pick<ExecutionDescription, 'executionArn' | 'stateMachineArn' | 'name' | 'status' | 'startDate' | 'stopDate'>;

/** What the engine keeps of one execution: small, so that hundreds can run at once. */
export interface Execution {
  readonly arn: string;
  readonly name: string;
  readonly input: string;
  readonly startDate: Date;
  status: ExecutionStatus;
  stopDate?: Date;
  output?: string;
  error?: string;
  cause?: string;
  abort?: () => void;
  finished?: Promise<void>;
  /** Tasks still running when the execution ends must end too: the engine cannot stop them. */
  readonly endListeners: Set<() => void>;
  /** States entered and retries: what Step Functions bills as state transitions. */
  transitions: number;
}

/** As DescribeExecution answers for it. */
export function descriptionOf(execution: Execution, stateMachineArn: string): ExecutionDescription {
  return {
    executionArn: execution.arn,
    stateMachineArn,
    name: execution.name,
    status: execution.status,
    startDate: execution.startDate,
    input: execution.input,
    ...(execution.stopDate ? { stopDate: execution.stopDate } : {}),
    ...(execution.output !== undefined ? { output: execution.output } : {}),
    ...(execution.error !== undefined ? { error: execution.error } : {}),
    ...(execution.cause !== undefined ? { cause: execution.cause } : {}),
  };
}

const FORBIDDEN_IN_NAME = /[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/;

export function assertExecutionName(name: string): void {
  if (name.length < 1 || name.length > 80 || FORBIDDEN_IN_NAME.test(name)) {
    throw new LocalSfnApiError('InvalidName', `Invalid Name: '${name}'`);
  }
}

/** How an execution that the engine ended with an error is described. */
export function failureOf(error: unknown): Pick<Execution, 'status' | 'error' | 'cause'> {
  const cause = error instanceof ExecutionError ? error.cause : error;
  if (cause instanceof Error) return { status: 'FAILED', error: cause.name, cause: cause.message };
  return { status: 'FAILED', error: 'States.Runtime', cause: String(cause) };
}
