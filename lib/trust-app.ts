import { Validations, type App, type Environment } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { Trust } from '../policies/load';
import { AccountSetupStack, accountStackName } from './account-setup';
import { HomeVisitsStack, type SiteProps } from './home-visits-stack';

/**
 * The trust's stack in `app`, checked by cdk-nag's AwsSolutions rules (a CDK validation plugin:
 * an unacknowledged finding fails the synth). The CDK app (bin/cdk.ts) and the tests build it here.
 * It depends on its account and region's `HomeVisits-Account-<region>` stack (the API Gateway
 * logging role, one per account and region), so the first deploy there brings it along, and every
 * later trust finds it unchanged. With `site`, the stack serves the built web app (bin/cdk.ts passes
 * web/dist; the tests a fixture).
 */
export function addTrustStack(app: App, trust: Trust, options: { readonly site?: SiteProps } = {}): HomeVisitsStack {
  const { config } = trust;
  const env = { account: config.account ?? process.env.CDK_DEFAULT_ACCOUNT, region: config.region };
  const stack = new HomeVisitsStack(app, `HomeVisits-${config.trustId}`, {
    trustId: config.trustId,
    trust,
    description: `Home visits for ${config.name}: event store, visit workflow, alerts${options.site ? ', API and web app' : ' and API'}`,
    env,
    tags: { application: 'home-visits', trust: config.trustId },
    ...(options.site ? { site: options.site } : {}),
  });
  stack.addStackDependency(addAccountStack(app, env), 'API Gateway writes the stage\'s logs with the account\'s CloudWatch role');
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return stack;
}

/** The account and region's setup stack in `app`: the one already there for this region, or a new one. */
export function addAccountStack(app: App, env: Environment & { region: string }): AccountSetupStack {
  const id = accountStackName(env.region);
  const existing = app.node.tryFindChild(id);
  if (existing instanceof AccountSetupStack) {
    if (existing.account !== (env.account ?? existing.account)) throw new Error(`${id} is already in this app for account ${existing.account}, not ${env.account}`);
    return existing;
  }
  return new AccountSetupStack(app, id, {
    env,
    description: 'Home visits: the account and region\'s API Gateway logging role, shared by every trust deployed here',
    tags: { application: 'home-visits' },
  });
}
