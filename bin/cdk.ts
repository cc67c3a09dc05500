import { App } from 'aws-cdk-lib';
import { addTrustStack } from '../lib/trust-app';
import { loadTrust } from '../policies/load';

/**
 * One stack per trust, `HomeVisits-<trustId>`, and the `HomeVisits-Account-<region>` stack it depends
 * on (API Gateway's logging role, once per account and region):
 * `npx cdk deploy -c trust=sample-trust HomeVisits-sample-trust` deploys both, the second unchanged
 * after the first trust. The trust file (and every school policy it names) is validated before
 * anything is built; cdk-nag's AwsSolutions rules then check the whole app, and an unacknowledged
 * finding fails the synth.
 */
const app = new App();
const trustId = app.node.tryGetContext('trust') as string | undefined;
if (!trustId) throw new Error('name the trust: npx cdk synth -c trust=<name> (a file in policies/trusts/)');
addTrustStack(app, loadTrust(trustId));
