import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import { Construct } from 'constructs';
import { STEP_NAMES, type StepName } from '../functions/steps/step-names';
import type { Policy } from '../functions/core/policy';
import { trustPoliciesDefine } from './api';
import { handlerFunction } from './handler-function';

/** Entry file of each step handler, and the Lambda's construct id (also its name in the local runtime). */
export const STEP_ENTRIES: Record<StepName, { id: string; entry: string; description: string }> = {
  plan: { id: 'PlanFn', entry: 'functions/steps/lambda/plan.ts', description: 'Visit workflow: fold the visit, route to its stage' },
  awaitSignal: { id: 'AwaitSignalFn', entry: 'functions/steps/lambda/await-signal.ts', description: 'Visit workflow: store a guarded wait\'s task token' },
  assessRisk: { id: 'AssessRiskFn', entry: 'functions/steps/lambda/assess-risk.ts', description: 'Visit workflow: risk assessment' },
  onDeadline: { id: 'OnDeadlineFn', entry: 'functions/steps/lambda/on-deadline.ts', description: 'Visit workflow: a deadline passed (cancel or escalate)' },
  close: { id: 'CloseFn', entry: 'functions/steps/lambda/close.ts', description: 'Visit workflow: close the visit' },
  fileReport: { id: 'FileReportFn', entry: 'functions/steps/lambda/file-report.ts', description: 'Visit workflow: file the report' },
  watchLost: { id: 'WatchLostFn', entry: 'functions/steps/lambda/watch-lost.ts', description: 'Visit workflow: retries spent, record that the visit is not watched' },
};

export { STEP_NAMES };

/** What a step is bundled with besides the shared options: the trust's policies, in every step that reads one (all but await-signal). */
export const stepDefine = (name: StepName, policies: readonly Policy[]): Record<string, string> | undefined =>
  name === 'awaitSignal' ? undefined : trustPoliciesDefine(policies);

export interface StepFunctionsProps {
  readonly environment: Readonly<Record<string, string>>;
  /** The trust's policies: built into every step that reads the one its input names (all but await-signal). */
  readonly policies: readonly Policy[];
}

/** The workflow's task handlers as Lambda functions (Node.js 24, arm64, esbuild-bundled): no permissions until granted. */
export class StepFunctions extends Construct {
  readonly functions: Readonly<Record<StepName, nodejs.NodejsFunction>>;

  constructor(scope: Construct, id: string, props: StepFunctionsProps) {
    super(scope, id);
    const make = (name: StepName) => {
      const define = stepDefine(name, props.policies);
      return handlerFunction(this, STEP_ENTRIES[name].id, { ...STEP_ENTRIES[name], environment: props.environment, ...(define ? { define } : {}) });
    };
    this.functions = Object.fromEntries(STEP_NAMES.map((name) => [name, make(name)])) as Record<StepName, nodejs.NodejsFunction>;
  }
}
