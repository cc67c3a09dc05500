import aslValidator from 'asl-validator';
import { afterEach, describe, expect, it } from 'vitest';
import { localResources, synthesizedDefinition, synthesizedDefinitions } from '../../../local/engine/definition';
import { functionNameOf, localLambdaArn } from '../../../local/engine/local-arns';
import { LocalStepFunctions } from '../../../local/engine/local-sfn';
import { CallbackInbox } from './callback-inbox';
import { guardedWaitToy } from './guarded-wait-toy';

const toy = guardedWaitToy();

/** The template's DefinitionString with each intrinsic replaced by hand: what the helper must produce. */
function joinByHand(template: Record<string, unknown>, values: (intrinsic: unknown) => string): string {
  const resources = template.Resources as Record<string, { Type: string; Properties: { DefinitionString: { 'Fn::Join': [string, unknown[]] } } }>;
  const machine = Object.values(resources).find((resource) => resource.Type === 'AWS::StepFunctions::StateMachine');
  const [separator, parts] = machine?.Properties.DefinitionString['Fn::Join'] ?? ['', []];
  return parts.map((part) => (typeof part === 'string' ? part : values(part))).join(separator);
}

let engine: LocalStepFunctions | undefined;
afterEach(async () => {
  await engine?.close();
});

describe('the synthesised definition', () => {
  it("is the template's DefinitionString with the intrinsics replaced by local values, byte for byte", () => {
    const expected = joinByHand(toy.template, (intrinsic) => (JSON.stringify(intrinsic).includes('AWS::Partition') ? 'aws' : toy.awaitSignalArn));

    expect(toy.machine.definitionString).toBe(expected);
    expect(toy.machine.definition).toEqual(JSON.parse(expected));
  });

  it('is valid ASL for asl-validator', () => {
    const { isValid, errorsText } = aslValidator(structuredClone(toy.machine.definition), { checkArn: true, checkPaths: true });

    expect(errorsText('\n')).toBe('');
    expect(isValid).toBe(true);
  });

  it('stays untouched by the local rewrite, before and after running', async () => {
    const before = structuredClone(toy.machine.definition);
    const inbox = new CallbackInbox();
    engine = new LocalStepFunctions({
      definition: toy.machine.definitionString,
      resources: { [toy.awaitSignalArn]: inbox.handler },
      snsPublish: async () => undefined,
      timeScale: 1000,
    });

    const { executionArn } = await engine.startExecution({ input: JSON.stringify({ visitId: 'v', deadlineSeconds: 3600 }) });
    await engine.sendTaskSuccess((await inbox.nth(0)).token, JSON.stringify({ kind: 'arrived' }));
    await engine.waitForExecution(executionArn);

    expect(engine.definition).toBe(toy.machine.definitionString);
    expect(toy.machine.definition).toEqual(before);
    expect(engine.definition).not.toMatch(/LocalSfn/);
  });
});

describe('resolving a template by hand', () => {
  const template = {
    Resources: {
      NotifyFn12AB: { Type: 'AWS::Lambda::Function', Metadata: { 'aws:cdk:path': 'Stack/Notify/Resource' } },
      AlertsTopic34CD: { Type: 'AWS::SNS::Topic' },
      First: {
        Type: 'AWS::StepFunctions::StateMachine',
        Properties: {
          DefinitionString: {
            'Fn::Sub': [
              '{"Comment":"${AWS::Region}/${AWS::AccountId} ${!NotSubstituted} ${Extra}","StartAt":"N","States":{"N":{"Type":"Task","Resource":"${NotifyFn12AB.Arn}","Next":"P"},"P":{"Type":"Task","Resource":"arn:${AWS::Partition}:states:::sns:publish","Parameters":{"TopicArn":"${AlertsTopic34CD}","Message":"${!text}"},"End":true}}}',
              { Extra: { Ref: 'NotifyFn12AB' } },
            ],
          },
          DefinitionSubstitutions: { text: 'overdue' },
        },
      },
      Second: { Type: 'AWS::StepFunctions::StateMachine', Properties: { DefinitionString: '{"StartAt":"S","States":{"S":{"Type":"Succeed"}}}' } },
    },
  };

  it('resolves Fn::Sub, Ref, Fn::GetAtt, pseudo parameters and DefinitionSubstitutions', () => {
    const { definition } = synthesizedDefinition(template, { logicalId: 'First' });

    expect(definition.Comment).toBe('local/000000000000 ${NotSubstituted} NotifyFn12AB');
    expect(definition.States).toMatchObject({
      N: { Resource: 'arn:aws:lambda:local:000000000000:function:NotifyFn12AB' },
      P: { Resource: 'arn:aws:states:::sns:publish', Parameters: { TopicArn: 'arn:aws:sns:local:000000000000:AlertsTopic34CD', Message: 'overdue' } },
    });
  });

  it('uses the ARNs it is given instead of the derived ones', () => {
    const arn = 'arn:aws:lambda:eu-west-2:123456789012:function:notify';

    const { definition } = synthesizedDefinition(template, { logicalId: 'First', arns: { NotifyFn12AB: arn } });

    expect(definition.States).toMatchObject({ N: { Resource: arn } });
    expect(String(definition.Comment)).toMatch(/ notify$/);
  });

  it('finds every state machine, and insists on one when asked for the one', () => {
    expect(synthesizedDefinitions(template).map((machine) => machine.logicalId)).toEqual(['First', 'Second']);
    expect(() => synthesizedDefinition(template)).toThrow(/found 2/);
  });

  it('lists the local Ref and ARN of each resource, with its construct path', () => {
    const notify = localResources(template).find((resource) => resource.logicalId === 'NotifyFn12AB');

    expect(notify).toEqual({
      logicalId: 'NotifyFn12AB',
      type: 'AWS::Lambda::Function',
      ref: 'NotifyFn12AB',
      attributes: { Arn: localLambdaArn('NotifyFn12AB') },
      cdkPath: 'Stack/Notify/Resource',
    });
  });

  it('refuses a Ref to something that is not in the template', () => {
    const broken = { Resources: { M: { Type: 'AWS::StepFunctions::StateMachine', Properties: { DefinitionString: { 'Fn::Join': ['', [{ Ref: 'Nowhere' }]] } } } } };

    expect(() => synthesizedDefinition(broken)).toThrow(/Nowhere/);
  });
});

describe('what the local engine refuses to run', () => {
  it('refuses JSONata, which aws-local-stepfunctions cannot evaluate', () => {
    const definition = JSON.stringify({ QueryLanguage: 'JSONata', StartAt: 'S', States: { S: { Type: 'Succeed' } } });

    expect(() => new LocalStepFunctions({ definition, resources: {} })).toThrow(/JSONata/);
  });

  it('refuses Task resources it cannot run', () => {
    const definition = JSON.stringify({ StartAt: 'S', States: { S: { Type: 'Task', Resource: 'arn:aws:states:::dynamodb:putItem', Parameters: {}, End: true } } });

    expect(() => new LocalStepFunctions({ definition, resources: {} })).toThrow(/dynamodb:putItem/);
  });

  it('finds a function by name, by ARN and by qualified ARN', () => {
    expect(['notify', 'notify:live', '123456789012:function:notify', `${localLambdaArn('notify')}:$LATEST`].map(functionNameOf)).toEqual([
      'notify',
      'notify',
      'notify',
      'notify',
    ]);
  });
});
