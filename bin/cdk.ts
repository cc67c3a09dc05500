import { App } from 'aws-cdk-lib';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { addTrustStack } from '../lib/trust-app';
import { loadTrust } from '../policies/load';

/**
 * One stack per trust, `HomeVisits-<trustId>`, and the `HomeVisits-Account-<region>` stack it depends
 * on (API Gateway's logging role, once per account and region):
 * `npx cdk deploy -c trust=sample-trust HomeVisits-sample-trust` deploys both, the second unchanged
 * after the first trust. The trust file (and every school policy it names) is validated before
 * anything is built; cdk-nag's AwsSolutions rules then check the whole app, and an unacknowledged
 * finding fails the synth. The web app is deployed from its build, web/dist: build it first.
 */
const WEB_DIST = join(dirname(fileURLToPath(import.meta.url)), '..', 'web', 'dist');

const app = new App();
const trustId = app.node.tryGetContext('trust') as string | undefined;
if (!trustId) throw new Error('name the trust: npx cdk synth -c trust=<name> (a file in policies/trusts/)');
if (!existsSync(join(WEB_DIST, 'index.html'))) throw new Error(`build the web app first: npm run build:web (${WEB_DIST}/index.html is missing)`);
addTrustStack(app, loadTrust(trustId), { site: { assetDir: WEB_DIST } });
