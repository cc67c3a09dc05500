import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { describe, expect, it } from 'vitest';
import { VisitsApi } from '../../lib/api';
import { DuressCodes } from '../../lib/duress-codes';
import { EventStore } from '../../lib/event-store';
import { TaskTokens } from '../../lib/task-tokens';
import { VisitBoard } from '../../lib/visit-board';
import { loadTrust, type CognitoSes } from '../../policies/load';
import { addTrustStack } from '../../lib/trust-app';

/** The user pool's email sender: Cognito's own unless the trust config names an SES identity. */

function userPoolEmail(ses?: CognitoSes): unknown {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'Api', { env: { account: '123456789012', region: 'eu-west-2' } });
  const key = new kms.Key(stack, 'Key');
  new VisitsApi(stack, 'Api', {
    trustId: 'test-trust',
    eventStore: new EventStore(stack, 'EventStore', { key }),
    tokens: new TaskTokens(stack, 'TaskTokens', { key }),
    board: new VisitBoard(stack, 'VisitBoard', { key }),
    duress: new DuressCodes(stack, 'DuressCodes', { key }),
    stateMachine: new sfn.StateMachine(stack, 'Workflow', { definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(stack, 'Pass')) }),
    policies: [],
    throttling: { rateLimit: 50, burstLimit: 100 },
    ...(ses ? { ses } : {}),
  });
  const pools = Object.values(Template.fromStack(stack).findResources('AWS::Cognito::UserPool'));
  expect(pools).toHaveLength(1);
  return (pools[0]!.Properties as { EmailConfiguration?: unknown }).EmailConfiguration;
}

/** An SES identity's ARN as CloudFormation gets it (in this partition). */
const sesIdentity = (rest: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:ses:${rest}`]] });

describe("the user pool's email sender", () => {
  it("is Cognito's built-in one when the trust names no SES identity", () => {
    expect(userPoolEmail()).toBeUndefined();
  });

  it('is the SES identity the trust names, in the trust region unless it says another', () => {
    expect(userPoolEmail({ fromEmail: 'no-reply@trust.example.org', fromName: 'Home visits', sesVerifiedDomain: 'trust.example.org' })).toEqual({
      EmailSendingAccount: 'DEVELOPER',
      From: 'Home visits <no-reply@trust.example.org>',
      SourceArn: sesIdentity('eu-west-2:123456789012:identity/trust.example.org'),
    });
    expect(userPoolEmail({ fromEmail: 'no-reply@trust.example.org', sesRegion: 'eu-west-1' })).toMatchObject({
      SourceArn: sesIdentity('eu-west-1:123456789012:identity/no-reply@trust.example.org'),
    });
  });
});

describe("a trust's stack", () => {
  it('sends invitations from the SES identity its trust config names', () => {
    const trust = loadTrust('sample-trust');
    const withSes = { ...trust, config: { ...trust.config, cognito: { ses: { fromEmail: 'no-reply@trust.example.org', sesVerifiedDomain: 'trust.example.org' } } } };
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });

    const stack = addTrustStack(app, withSes);

    const pools = Object.values(Template.fromStack(stack).findResources('AWS::Cognito::UserPool'));
    expect(pools[0]!.Properties).toMatchObject({ EmailConfiguration: { EmailSendingAccount: 'DEVELOPER', From: 'no-reply@trust.example.org' } });
  });
});
