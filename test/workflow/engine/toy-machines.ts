import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { synthesizedDefinition, type SynthesizedStateMachine } from '../../../local/engine/definition';
import { localLambdaArn, localTopicArn } from '../../../local/engine/local-arns';

/**
 * Small state machines built with the real CDK constructs, synthesised like the product's stack
 * (bundling skipped), so the engine runs what CloudFormation would deploy.
 */
export class ToyStack {
  readonly stack: Stack;

  constructor() {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    this.stack = new Stack(app, 'Toy');
  }

  /** A Lambda function with inline code: nothing to bundle; locally a handler is wired to its ARN. */
  fn(id: string): lambda.Function {
    return new lambda.Function(this.stack, id, {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => ({});'),
    });
  }

  topic(id: string): sns.Topic {
    return new sns.Topic(this.stack, id);
  }

  /** The local ARN a function or topic resolves to in the synthesised definition. */
  arnOf(construct: lambda.Function | sns.Topic): string {
    const logicalId: string = this.stack.resolve(this.stack.getLogicalId(construct.node.defaultChild as lambda.CfnFunction | sns.CfnTopic));
    return construct instanceof lambda.Function ? localLambdaArn(logicalId) : localTopicArn(logicalId);
  }

  synth(chain: sfn.IChainable, props: { timeout?: sfn.StateMachineProps['timeout'] } = {}): SynthesizedToy {
    new sfn.StateMachine(this.stack, 'Machine', { definitionBody: sfn.DefinitionBody.fromChainable(chain), ...props });
    const template = Template.fromStack(this.stack).toJSON();
    return { template, machine: synthesizedDefinition(template) };
  }
}

export interface SynthesizedToy {
  readonly template: Record<string, unknown>;
  readonly machine: SynthesizedStateMachine;
}
