import { App } from 'aws-cdk-lib';
import { WEB_DIST, ensureWebBuilt } from '../local/web-build';
import { addTrustStack } from '../lib/trust-app';
import { loadTrust } from '../policies/load';

/**
 * One stack per trust, `HomeVisits-<trustId>`, and the `HomeVisits-Account-<region>` stack it depends
 * on (API Gateway's logging role, once per account and region):
 * `npx cdk deploy -c trust=sample-trust HomeVisits-sample-trust` deploys both, the second unchanged
 * after the first trust. The trust file (and every school policy it names) is validated before
 * anything is built; cdk-nag's AwsSolutions rules then check the whole app, and an unacknowledged
 * finding fails the synth. The web app is deployed from its build, web/dist, which the synth
 * makes first when web/ changed since the last build (as `npm start` does), so a fresh clone deploys
 * with the README's commands alone.
 */

const app = new App();
const trustId = app.node.tryGetContext('trust') as string | undefined;
if (!trustId) throw new Error('name the trust: npx cdk synth -c trust=<name> (a file in policies/trusts/)');
// The CDK CLI reads the cloud assembly, not this process's output: the build's lines go to stderr.
await ensureWebBuilt((line) => console.error(line));
addTrustStack(app, loadTrust(trustId), { site: { assetDir: WEB_DIST } });
