import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { SNSClient } from '@aws-sdk/client-sns';
import { commandLine, usageError } from './command-line';
import { trustOfCommandLine } from './trust-option';
import { runDoctor, stackName } from './doctor/run';

const USAGE = `usage: npm run doctor -- --trust <id> [--region REGION]
After a deploy, reads the trust's stack (${stackName('<id>')}) with your AWS credentials and names
what would keep an alert or an invitation from reaching anyone, each with what to do:
subscriptions still pending confirmation (alerts and operations topics), the account's SMS
sandbox and monthly SMS spend limit (when the trust sends texts), Cognito's email sender, and the
account's Lambda concurrency and Step Functions state-transition rate against the schools' morning
peak.
  --trust <id>        the trust: policies/trusts/<id>.json
  --region REGION     where the stack is (default: the trust config's region)
  -h, --help          this text
exit codes: 0 all clear, 1 findings, 2 usage, 3 AWS or the stack cannot be read`;

const { values } = await commandLine(USAGE, { options: { trust: { type: 'string' }, region: { type: 'string' } } });

const { trust, region } = await trustOfCommandLine(USAGE, values);
if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) await usageError(USAGE, `--region ${region} is not an AWS region (e.g. eu-west-2)`);

const clients = {
  cloudFormation: new CloudFormationClient({ region }),
  sns: new SNSClient({ region }),
  cognito: new CognitoIdentityProviderClient({ region }),
  lambda: new LambdaClient({ region }),
  cloudWatch: new CloudWatchClient({ region }),
  textMessaging: new PinpointSMSVoiceV2Client({ region }),
};
const code = await runDoctor(trust.config, { region, clients }, { out: (text) => console.log(text), err: (text) => console.error(text) });
// The SDK's keep-alive sockets would hold the process open a while: exit once the report is written.
await Promise.all([process.stdout, process.stderr].map((stream) => new Promise<void>((resolve) => stream.write('', () => resolve()))));
process.exit(code);
