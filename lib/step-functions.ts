import { Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import { Construct } from 'constructs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StepName } from '../functions/steps/handlers';
import type { VisitStepFunctions } from '../workflows/visit-workflow';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Entry file of each step handler, and the Lambda's construct id (also its name in the local runtime). */
export const STEP_ENTRIES: Record<StepName, { id: string; entry: string }> = {
  plan: { id: 'PlanFn', entry: 'functions/steps/lambda/plan.ts' },
  awaitSignal: { id: 'AwaitSignalFn', entry: 'functions/steps/lambda/await-signal.ts' },
  assessRisk: { id: 'AssessRiskFn', entry: 'functions/steps/lambda/assess-risk.ts' },
  onDeadline: { id: 'OnDeadlineFn', entry: 'functions/steps/lambda/on-deadline.ts' },
  close: { id: 'CloseFn', entry: 'functions/steps/lambda/close.ts' },
  fileReport: { id: 'FileReportFn', entry: 'functions/steps/lambda/file-report.ts' },
};

export interface StepFunctionsProps {
  readonly environment: Record<string, string>;
}

/** The workflow's task handlers as Lambda functions (Node.js 24, arm64, esbuild-bundled). */
export class StepFunctions extends Construct {
  readonly functions: VisitStepFunctions & Record<StepName, nodejs.NodejsFunction>;

  constructor(scope: Construct, id: string, props: StepFunctionsProps) {
    super(scope, id);
    const make = (name: StepName) =>
      new nodejs.NodejsFunction(this, STEP_ENTRIES[name].id, {
        entry: join(ROOT, STEP_ENTRIES[name].entry),
        runtime: lambda.Runtime.NODEJS_24_X,
        architecture: lambda.Architecture.ARM_64,
        memorySize: 512,
        timeout: Duration.seconds(20),
        environment: props.environment,
        depsLockFilePath: join(ROOT, 'package-lock.json'),
        bundling: { minify: true, sourceMap: true, format: nodejs.OutputFormat.ESM, target: 'node24' },
      });
    this.functions = {
      plan: make('plan'),
      awaitSignal: make('awaitSignal'),
      assessRisk: make('assessRisk'),
      onDeadline: make('onDeadline'),
      close: make('close'),
      fileReport: make('fileReport'),
    };
  }
}
