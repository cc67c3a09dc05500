import { App } from 'aws-cdk-lib';
import { HomeVisitsStack } from '../lib/home-visits-stack';
import { loadTrust } from '../policies/load';

/** One stack per trust: `npx cdk synth -c trust=sample-trust`. The trust file is validated before anything is built. */
const app = new App();
const trustId = app.node.tryGetContext('trust') as string | undefined;
if (!trustId) throw new Error('name the trust: npx cdk synth -c trust=<name> (a file in policies/trusts/)');
const trust = loadTrust(trustId);
new HomeVisitsStack(app, `HomeVisits-${trust.config.trustId}`, {
  trustId: trust.config.trustId,
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION ?? 'eu-west-2' },
});
