import { Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { Trust } from '../policies/load';
import { HomeVisitsStack } from './home-visits-stack';

/**
 * The trust's stack in `app`, checked by cdk-nag's AwsSolutions rules (a CDK validation plugin:
 * an unacknowledged finding fails the synth). The CDK app (bin/cdk.ts) and the tests build it here.
 */
export function addTrustStack(app: App, trust: Trust): HomeVisitsStack {
  const { config } = trust;
  const stack = new HomeVisitsStack(app, `HomeVisits-${config.trustId}`, {
    trustId: config.trustId,
    trust,
    description: `Home visits for ${config.name}: event store, visit workflow, alerts and API`,
    env: { account: config.account ?? process.env.CDK_DEFAULT_ACCOUNT, region: config.region },
    tags: { application: 'home-visits', trust: config.trustId },
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return stack;
}
