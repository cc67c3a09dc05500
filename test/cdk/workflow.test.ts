import aslValidator from 'asl-validator';
import { beforeAll, describe, expect, it } from 'vitest';
import { synthesizedDefinition } from '../../local/engine';
import { loadWorkflowDefinition } from '../../local/workflow-definition';
import { STEP_NAMES } from '../../lib/step-functions';
import { policyStatements, refersTo, synthSampleTrust, type SampleTrustStack } from './sample-trust';

/** The visit workflow as deployed: Standard, logged at ERROR without data, traced, and the same definition the local engine runs. */
let synth: SampleTrustStack;
beforeAll(() => {
  synth = synthSampleTrust();
});

const stateMachine = () => synth.resources('AWS::StepFunctions::StateMachine')[synth.logicalId(synth.stack.workflow.stateMachine)]!;

describe('the state machine', () => {
  it('is a Standard workflow with X-Ray tracing', () => {
    expect(stateMachine().Properties).toMatchObject({ StateMachineType: 'STANDARD', TracingConfiguration: { Enabled: true } });
  });

  it('logs to CloudWatch at level ERROR without execution data', () => {
    const logGroup = Object.keys(synth.resources('AWS::Logs::LogGroup')).find((id) => refersTo(stateMachine().Properties!.LoggingConfiguration, id));
    expect(logGroup).toBeDefined();
    expect(stateMachine().Properties!.LoggingConfiguration).toEqual({
      Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': [logGroup, 'Arn'] } } }],
      Level: 'ERROR',
      IncludeExecutionData: false,
    });
  });

  it('has exactly the definition the local engine runs (the committed local/workflow-definition.json)', () => {
    const deployed = synthesizedDefinition(synth.template.toJSON());
    expect(deployed.definitionString.length).toBeGreaterThan(1000);
    expect(JSON.stringify(JSON.parse(deployed.definitionString))).toBe(loadWorkflowDefinition().definitionString);
  });

  it('passes asl-validator, paths and ARNs included', () => {
    const { definition } = synthesizedDefinition(synth.template.toJSON());
    const result = aslValidator(structuredClone(definition), { checkPaths: true, checkArn: true });
    expect(result.isValid, result.errorsText('\n')).toBe(true);
    expect(result.errors).toEqual([]);
  });

  it('may invoke its own step functions and nothing else', () => {
    const role = synth.logicalId(synth.stack.workflow.stateMachine.role);
    const invokes = policyStatements(synth.template).filter((s) => s.roles.includes(role) && s.Action === 'lambda:InvokeFunction');
    const functions = STEP_NAMES.map((name) => synth.logicalId(synth.stack.steps[name]));
    expect(invokes).toHaveLength(functions.length);
    for (const statement of invokes) expect(functions.some((fn) => refersTo(statement.Resource, fn))).toBe(true);
  });
});

describe('a long visit', () => {
  const definition = () => synthesizedDefinition(synth.template.toJSON()).definition as { States: Record<string, Record<string, unknown>> };

  it('continues as a new execution of this machine when Plan routes to continue, fire and forget, then ends', () => {
    const { States } = definition();
    const choices = States.Route!.Choices as Array<{ Variable: string; StringEquals: string; Next: string }>;
    expect(choices).toContainEqual({ Variable: '$.plan.route', StringEquals: 'continue', Next: 'ContinueAsNew' });
    expect(States.ContinueAsNew).toMatchObject({
      Type: 'Task',
      Resource: 'arn:aws:states:::states:startExecution',
      Parameters: {
        'StateMachineArn.$': '$$.StateMachine.Id',
        'Name.$': '$.plan.continuation.executionName',
        Input: { 'visitId.$': '$.visitId', 'policy.$': '$.policy', 'generation.$': '$.plan.continuation.generation' },
      },
      Next: 'ContinuedAsNew',
    });
    expect(States.ContinuedAsNew).toMatchObject({ Type: 'Succeed' });
    // Plan learns which generation it serves from the execution's input.
    expect(States.Plan!.Parameters).toMatchObject({ 'execution.$': '$$.Execution.Input' });
  });

  it('may start executions of this state machine and of no other', () => {
    const name = `home-visits-${synth.trust.config.trustId}`;
    expect(stateMachine().Properties).toMatchObject({ StateMachineName: name });
    const role = synth.logicalId(synth.stack.workflow.stateMachine.role);
    const starts = policyStatements(synth.template).filter((s) => s.roles.includes(role) && JSON.stringify(s.Action).includes('states:'));
    expect(starts).toEqual([
      expect.objectContaining({
        Effect: 'Allow',
        Action: 'states:StartExecution',
        // By name, not by the machine's Ref: the machine waits for its role's policy, which could then not name it (circular).
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:states:${synth.stack.region}:`, { Ref: 'AWS::AccountId' }, `:stateMachine:${name}`]] },
      }),
    ]);
  });
});

describe('the step functions', () => {
  it.each(STEP_NAMES)('%s runs on Node.js 24, arm64, 512 MB, with active tracing and its own log group', (name) => {
    const fn = synth.resources('AWS::Lambda::Function')[synth.logicalId(synth.stack.steps[name])]!;
    expect(fn.Properties).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      MemorySize: 512,
      TracingConfig: { Mode: 'Active' },
      LoggingConfig: { LogGroup: { Ref: expect.stringMatching(/Logs/) } },
    });
  });

  it('are told their tables, and nothing of the API or the alerts topic', () => {
    const fn = synth.resources('AWS::Lambda::Function')[synth.logicalId(synth.stack.steps.plan)]!;
    const variables = (fn.Properties as { Environment: { Variables: Record<string, unknown> } }).Environment.Variables;
    expect(Object.keys(variables).sort()).toEqual(['EVENTS_TABLE', 'NODE_OPTIONS', 'TOKENS_TABLE']);
  });

  it('let the wait wake itself with SendTaskSuccess only, on Resource "*" (the action has no resource type), in a policy apart from the role\'s default one', () => {
    const role = synth.logicalId(synth.stack.steps.awaitSignal.role!);
    const states = policyStatements(synth.template).filter((s) => JSON.stringify(s.Action).includes('states:'));
    const forWait = states.filter((s) => s.roles.includes(role));
    expect(forWait).toEqual([expect.objectContaining({ Action: 'states:SendTaskSuccess', Resource: '*' })]);
    const policies = Object.entries(synth.resources('AWS::IAM::Policy')).filter(([, policy]) => JSON.stringify(policy.Properties).includes('states:SendTaskSuccess') && refersTo(policy.Properties, role));
    expect(policies).toHaveLength(1);
    expect(policies[0]![0]).not.toMatch(/DefaultPolicy/);
  });
});
