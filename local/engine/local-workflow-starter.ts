import { describeState, startIdempotently, type ExecutionState, type InspectingWorkflowStarter } from '../../functions/adapters/workflow-starter';
import { localExecutionArn } from './local-arns';
import type { LocalStepFunctions } from './local-sfn';

/** The WorkflowStarter port over the local engine, with the same idempotency as over SFN. */
export class LocalWorkflowStarter implements InspectingWorkflowStarter {
  constructor(private readonly engine: LocalStepFunctions) {}

  start(name: string, input: unknown): Promise<{ executionArn: string }> {
    return startIdempotently(
      {
        startExecution: (executionName, text) => this.engine.startExecution({ name: executionName, input: text }),
        executionInput: async (executionArn) => (await this.engine.describeExecution(executionArn)).input,
        executionArn: (executionName) => localExecutionArn(this.engine.stateMachineName, executionName),
      },
      name,
      input,
    );
  }

  stateOf(name: string): Promise<ExecutionState> {
    return describeState(
      {
        executionStatus: async (executionArn) => (await this.engine.describeExecution(executionArn)).status,
        executionArn: (executionName) => localExecutionArn(this.engine.stateMachineName, executionName),
      },
      name,
    );
  }
}
