import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { STEP_NAMES, type StepName } from '../functions/steps/step-names';
import { HomeVisitsStack } from '../lib/home-visits-stack';
import { localResources, synthesizedDefinition } from './engine';
import type { LocalWorkflowDefinition } from './workflow-definition';

export interface SynthesizedStack {
  readonly template: Record<string, unknown>;
  /** The logical id of each step's Lambda function, to wire its local ARN to the handler. */
  readonly stepLogicalIds: Readonly<Record<StepName, string>>;
}

let cached: SynthesizedStack | undefined;

/**
 * The trust stack's CloudFormation template, synthesised exactly as it deploys but with bundling
 * skipped (no esbuild run): the local runtime takes its state machine definition from here, so
 * there is one definition, not a local copy of it.
 */
export function synthesizedStack(): SynthesizedStack {
  if (!cached) {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new HomeVisitsStack(app, 'HomeVisits-local', { trustId: 'local', env: { region: 'eu-west-2' } });
    cached = { template: Template.fromStack(stack).toJSON() as Record<string, unknown>, stepLogicalIds: stepLogicalIdsOf(stack) };
  }
  return cached;
}

/** The logical id of each step's Lambda function in a trust stack. */
export function stepLogicalIdsOf(stack: HomeVisitsStack): Readonly<Record<StepName, string>> {
  const logicalId = (name: StepName) => Stack.of(stack).getLogicalId(stack.steps[name].node.defaultChild as CfnFunction);
  return Object.fromEntries(STEP_NAMES.map((name) => [name, logicalId(name)])) as Record<StepName, string>;
}

/** What the local engine needs of the synthesised stack (local/workflow-definition.ts): its definition and each step's local ARN. */
export function workflowDefinitionOf({ template, stepLogicalIds }: SynthesizedStack): LocalWorkflowDefinition {
  const functions = localResources(template).filter((resource) => resource.type === 'AWS::Lambda::Function');
  const arnOf = (name: StepName): string => {
    const arn = functions.find((candidate) => candidate.logicalId === stepLogicalIds[name])?.attributes.Arn;
    if (!arn) throw new Error(`the synthesised stack has no Lambda function for step ${name}`);
    return arn;
  };
  return {
    definitionString: synthesizedDefinition(template).definitionString,
    stepArns: Object.fromEntries(STEP_NAMES.map((name) => [name, arnOf(name)])) as Record<StepName, string>,
  };
}
