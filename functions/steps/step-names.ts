/**
 * The workflow's steps, by the one name each goes by: its handler (handlers.ts), its Lambda function
 * and entry (lib/step-functions.ts), its task in the definition (workflows/visit-workflow.ts), and its
 * local ARN in the runtime (local/workflow-definition.ts). Every one of those lists derives from this one.
 */
export const STEP_NAMES = ['plan', 'awaitSignal', 'assessRisk', 'onDeadline', 'close', 'fileReport', 'watchLost'] as const;
export type StepName = (typeof STEP_NAMES)[number];
