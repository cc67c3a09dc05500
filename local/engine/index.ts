/** The local Step Functions layer: what the local runtime and the workflow tests import. */
export { LocalStepFunctions, type ExecutionDescription, type ExecutionListItem, type ExecutionStatus, type LocalStepFunctionsOptions } from './local-sfn';
export type { EngineClock } from './engine-clock';
export { ClockAnchor, ClockFileError, ScaledClock, StoredScaledClock, resumedAt, type StoredClockOptions } from './scaled-clock';
export { LocalTaskSignals } from './local-task-signals';
export { LocalWorkflowStarter } from './local-workflow-starter';
export { localResources, localValues, synthesizedDefinition, synthesizedDefinitions, type LocalResource, type SynthesizedStateMachine } from './definition';
export { localExecutionArn, localLambdaArn, localStateMachineArn, localTopicArn } from './local-arns';
export type { InvocationInterceptor, LambdaHandler, SnsPublish, SnsPublishParams, SnsMessageAttribute } from './integrations';
export { LambdaServiceFailure, LocalSfnApiError } from './errors';
