import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { AccountSetupStack, accountStackName } from '../../lib/account-setup';
import { restApiName } from '../../lib/api';
import type { HomeVisitsStack } from '../../lib/home-visits-stack';
import { addTrustStack } from '../../lib/trust-app';
import { executionLogGroupName } from '../../lib/workflow';
import { loadTrust, type Trust } from '../../policies/load';

/**
 * Two trusts in one account and region, as `npx cdk synth -c trust=…` builds each: their names do
 * not collide, and the account-level API Gateway logging role is made once, by its own stack.
 */
let app: App;
let sample: HomeVisitsStack;
let other: HomeVisitsStack;
let account: AccountSetupStack;

beforeAll(() => {
  app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const trust = loadTrust('sample-trust');
  const otherTrust: Trust = { ...trust, config: { ...trust.config, trustId: 'other-trust', name: 'Another Trust' } };
  sample = addTrustStack(app, trust);
  other = addTrustStack(app, otherTrust);
  account = app.node.findChild(accountStackName(trust.config.region)) as AccountSetupStack;
  // The app's one synthesis (every stack at once), here with the hook's time rather than in the first test's.
  for (const stack of [sample, other, account]) templateOf(stack);
});

const templates = new Map<HomeVisitsStack | AccountSetupStack, Template>();
function templateOf(stack: HomeVisitsStack | AccountSetupStack): Template {
  const template = templates.get(stack) ?? Template.fromStack(stack);
  templates.set(stack, template);
  return template;
}
const propertiesOf = (template: Template, type: string) => Object.values(template.findResources(type)).map((resource) => resource.Properties as Record<string, unknown>);

describe('two trusts sharing an account', () => {
  it('name their REST APIs home-visits-<trustId>', () => {
    expect(propertiesOf(templateOf(sample), 'AWS::ApiGateway::RestApi')).toEqual([expect.objectContaining({ Name: 'home-visits-sample-trust' })]);
    expect(propertiesOf(templateOf(other), 'AWS::ApiGateway::RestApi')).toEqual([expect.objectContaining({ Name: 'home-visits-other-trust' })]);
    expect(restApiName('sample-trust')).toBe('home-visits-sample-trust');
  });

  it('alarm on their own API\'s 5xx only: the alarm filters on that name', () => {
    for (const [stack, trustId] of [[sample, 'sample-trust'], [other, 'other-trust']] as const) {
      const serverErrors = propertiesOf(templateOf(stack), 'AWS::CloudWatch::Alarm').filter((alarm) => alarm.MetricName === '5XXError');
      expect(serverErrors).toHaveLength(1);
      expect(serverErrors[0]).toMatchObject({ Namespace: 'AWS/ApiGateway', Dimensions: [{ Name: 'ApiName', Value: `home-visits-${trustId}` }] });
    }
  });

  it('log executions to their own vended-logs log group', () => {
    for (const [stack, trustId] of [[sample, 'sample-trust'], [other, 'other-trust']] as const) {
      const groups = propertiesOf(templateOf(stack), 'AWS::Logs::LogGroup').filter((group) => typeof group.LogGroupName === 'string');
      expect(groups.map((group) => group.LogGroupName)).toContain(`/aws/vendedlogs/states/home-visits-${trustId}`);
      expect(executionLogGroupName(trustId)).toBe(`/aws/vendedlogs/states/home-visits-${trustId}`);
      const machine = propertiesOf(templateOf(stack), 'AWS::StepFunctions::StateMachine')[0]!;
      const group = Object.entries(templateOf(stack).findResources('AWS::Logs::LogGroup')).find(([, resource]) => (resource.Properties as { LogGroupName?: unknown }).LogGroupName === executionLogGroupName(trustId))!;
      expect(JSON.stringify(machine.LoggingConfiguration)).toContain(`"${group[0]}"`);
    }
  });

  it('create no account-level API Gateway setting or logging role of their own', () => {
    for (const stack of [sample, other]) {
      const template = templateOf(stack);
      expect(template.findResources('AWS::ApiGateway::Account')).toEqual({});
      const roles = propertiesOf(template, 'AWS::IAM::Role');
      expect(roles.filter((role) => JSON.stringify(role.AssumeRolePolicyDocument).includes('apigateway.amazonaws.com'))).toEqual([]);
      expect(JSON.stringify(roles)).not.toContain('AmazonAPIGatewayPushToCloudWatchLogs');
    }
  });

  it('share one HomeVisits-Account-<region> stack, made once, that both depend on', () => {
    expect(app.node.children.filter((child) => child instanceof AccountSetupStack)).toEqual([account]);
    expect(account.stackName).toBe('HomeVisits-Account-eu-west-2');
    expect(sample.dependencies).toContain(account);
    expect(other.dependencies).toContain(account);
  });
});

describe('the account stack', () => {
  it('sets the API Gateway account\'s CloudWatch role: AWS\'s push-to-logs policy, assumed by API Gateway only, both retained', () => {
    const template = templateOf(account);
    const roles = template.findResources('AWS::IAM::Role');
    const [roleId, role] = Object.entries(roles)[0]!;
    expect(Object.keys(roles)).toHaveLength(1);
    expect(role).toMatchObject({ DeletionPolicy: 'Retain' });
    expect(JSON.stringify(role.Properties)).toContain('service-role/AmazonAPIGatewayPushToCloudWatchLogs');
    expect((role.Properties as { AssumeRolePolicyDocument: { Statement: unknown[] } }).AssumeRolePolicyDocument.Statement).toEqual([
      { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' } },
    ]);
    const accounts = Object.values(template.findResources('AWS::ApiGateway::Account'));
    expect(accounts).toEqual([expect.objectContaining({ DeletionPolicy: 'Retain', Properties: { CloudWatchRoleArn: { 'Fn::GetAtt': [roleId, 'Arn'] } } })]);
    // Created once the role is (its ARN alone does not wait for it), and after API Gateway's first
    // resource in the region, as CloudFormation documents for a brand-new account: a disabled key, kept.
    const keys = template.findResources('AWS::ApiGateway::ApiKey');
    const [keyId, key] = Object.entries(keys)[0]!;
    expect(Object.keys(keys)).toHaveLength(1);
    expect(key).toMatchObject({ DeletionPolicy: 'Retain', Properties: { Enabled: false } });
    expect((accounts[0] as { DependsOn: string[] }).DependsOn.sort()).toEqual([keyId, roleId].sort());
    expect(template.findResources('AWS::ApiGateway::UsagePlanKey')).toEqual({});
    expect(Object.keys(template.toJSON().Resources as object).sort()).toEqual(Object.keys({ ...roles, ...keys, ...template.findResources('AWS::ApiGateway::Account') }).sort());
  });

  it('passes cdk-nag, its managed policy acknowledged with the reason', () => {
    const report = new AwsSolutionsChecks(app).validateScope(account);
    expect(report.violations.map((violation) => violation.ruleName)).toEqual([]);
  });
});
