import { App, Stack, type CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HomeVisitsStack } from '../../lib/home-visits-stack';
import { addTrustStack } from '../../lib/trust-app';
import { loadTrust, type Trust } from '../../policies/load';

/** A stand-in for the web app's build (web/dist), so a synth never needs the real one. */
export const SITE_FIXTURE = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'site');

export interface SampleTrustStack {
  readonly app: App;
  readonly trust: Trust;
  readonly stack: HomeVisitsStack;
  readonly template: Template;
  /** The logical id CloudFormation knows a construct by (computed, never written down). */
  logicalId(construct: IConstruct): string;
  /** Every resource of a type, by logical id. */
  resources(type: string): Record<string, { Properties?: Record<string, unknown>; [key: string]: unknown }>;
}

let synthesised: SampleTrustStack | undefined;

/**
 * The sample trust's stack exactly as `npx cdk synth -c trust=sample-trust` builds it (cdk-nag
 * included, the web app from a fixture build) but with bundling skipped. Synthesised once per test
 * process and shared by every file that runs there (the suite does not isolate these files): read
 * it, never add to it (a test that must, takes what it added away again).
 */
export function synthSampleTrust(): SampleTrustStack {
  synthesised ??= synthesise();
  return synthesised;
}

function synthesise(): SampleTrustStack {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const trust = loadTrust('sample-trust');
  const stack = addTrustStack(app, trust, { site: { assetDir: SITE_FIXTURE } });
  const template = Template.fromStack(stack);
  return {
    app,
    trust,
    stack,
    template,
    logicalId: (construct) => {
      const element = (construct.node.defaultChild ?? construct) as CfnElement;
      return Stack.of(element).resolve(element.logicalId) as string;
    },
    resources: (type) => template.findResources(type),
  };
}

/** `{ "Fn::GetAtt": [id, "Arn"] }`, `{ Ref: id }` or a Join containing them: does this IAM resource name the construct? */
export function refersTo(resource: unknown, logicalId: string): boolean {
  return JSON.stringify(resource).includes(`"${logicalId}"`);
}

export interface Statement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
}

/** Every IAM statement of every AWS::IAM::Policy, with the logical ids of the roles it is attached to. */
export function policyStatements(template: Template): Array<Statement & { roles: string[] }> {
  return Object.values(template.findResources('AWS::IAM::Policy')).flatMap((policy) => {
    const properties = policy.Properties as { PolicyDocument: { Statement: Statement[] }; Roles: Array<{ Ref: string }> };
    const roles = properties.Roles.map((role) => role.Ref);
    return properties.PolicyDocument.Statement.map((statement) => ({ ...statement, roles }));
  });
}

export const actionsOf = (statement: Statement): string[] => (Array.isArray(statement.Action) ? statement.Action : [statement.Action]);
