import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { readFile } from 'node:fs/promises';
import { SnsAlertPublisher } from '../functions/adapters/alert-publisher';
import { DynamoDbEventStore } from '../functions/adapters/dynamodb-event-store';
import { DynamoDbAlertLedger } from '../functions/alerts/alert-ledger';
import { recordsOfFailure, redriveHeld, redriveRecords, type RedriveDeps } from '../functions/alerts/redrive';
import { policyRegistry } from '../functions/app/policy-registry';
import { STACK_OUTPUTS } from '../lib/stack-outputs';
import { commandLine, usageError } from './command-line';
import { trustOfCommandLine } from './trust-option';
import { stackName } from './doctor/run';

const USAGE = `usage: npm run redrive -- --trust <id> [--region REGION] list | held | files <object.json>…
Delivers, once the fault is mended, the alerts the stack's publisher could not send. Each message
goes once: the alert ledger remembers what went out, so nothing is sent twice.
  list                 the appends set aside (visit, version, reason, when): what the AlertsHeld alarm means
  held                 re-drive them; what still cannot be published stays held, with its reason now
  files <object.json>  re-drive the records of objects from the alert failure bucket (AlertsNotPublished):
                       aws s3 sync s3://<AlertFailureBucketName> ./failed && npm run redrive -- --trust <id> files ./failed/*
  --trust <id>         the trust: policies/trusts/<id>.json (its policies are the publisher's)
  --region REGION      where the stack is (default: the trust config's region)
exit codes: 0 all delivered, 1 some still fail, 2 usage, 3 AWS or the stack cannot be read`;

const { values, positionals } = await commandLine(USAGE, { options: { trust: { type: 'string' }, region: { type: 'string' } }, allowPositionals: true });
const [action, ...files] = positionals;
if (action !== 'list' && action !== 'held' && action !== 'files') await usageError(USAGE, 'list, held or files?');
if (action === 'files' && files.length === 0) await usageError(USAGE, 'files: which objects?');
const { trust, region } = await trustOfCommandLine(USAGE, values);

/** Reads the stack's outputs, then re-drives or lists; returns the exit code. */
async function redrive(): Promise<number> {
  const { Stacks } = await new CloudFormationClient({ region }).send(new DescribeStacksCommand({ StackName: stackName(trust.config.trustId) }));
  const outputs = new Map((Stacks?.[0]?.Outputs ?? []).map((output) => [output.OutputKey, output.OutputValue]));
  function output(name: string): string {
    const value = outputs.get(name);
    if (!value) throw new Error(`stack ${stackName(trust.config.trustId)} has no output ${name}: deploy this version first`);
    return value;
  }

  const client = new DynamoDBClient({ region });
  const deps: RedriveDeps = {
    client,
    eventsTable: output(STACK_OUTPUTS.eventTable),
    store: new DynamoDbEventStore({ client, tableName: output(STACK_OUTPUTS.eventTable) }),
    policies: policyRegistry(trust.policies.values()),
    publisher: new SnsAlertPublisher({ client: new SNSClient({ region }), topicArn: output(STACK_OUTPUTS.alertsTopic) }),
    ledger: new DynamoDbAlertLedger({ client, tableName: output(STACK_OUTPUTS.alertLedger) }),
    metrics: { held: (append) => console.log(`held: visit ${append.visitId} version ${append.version}: ${append.reason}: ${append.detail}`) },
    now: () => new Date(),
  };

  let code = 0;
  if (action === 'list') {
    for (const held of await deps.ledger.held()) console.log(`${held.heldAt}  visit ${held.visitId}  version ${held.version}  ${held.reason}: ${held.detail}`);
  } else if (action === 'held') {
    const { released, stillHeld } = await redriveHeld(deps);
    for (const held of released) console.log(`delivered: visit ${held.visitId} version ${held.version}`);
    for (const held of stillHeld) console.log(`still held: visit ${held.visitId} version ${held.version}: ${held.now}`);
    code = stillHeld.length > 0 ? 1 : 0;
  } else {
    for (const file of files) {
      const failing = await redriveRecords(deps, recordsOfFailure(JSON.parse(await readFile(file, 'utf8'))));
      console.log(failing ? `${file}: still failing at stream record ${failing} (see the error above); run again once mended` : `${file}: delivered`);
      if (failing) code = 1;
    }
  }
  return code;
}

try {
  process.exit(await redrive());
} catch (error) {
  // No credentials, no stack, AWS unreachable: say so in a line, as the doctor does.
  console.error(`redrive: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(3);
}
