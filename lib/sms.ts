import { Duration, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { PHONE_NUMBER, PHONE_USER_ID, PHONES_BY_USER } from '../functions/adapters/staff-phones';
import type { Policy } from '../functions/core/policy';
import type { TextWords } from '../functions/core/sms-words';
import type { Alerts } from './alerts';
import { trustPoliciesDefine } from './api';
import { acknowledgeKmsGrants, handlerFunction } from './handler-function';
import { acknowledge, wildcardResourceFinding } from './nag';
import { secureTable } from './secure-table';
import { taskResponsePolicy } from './task-response';
import { grantVisitService, visitServiceEnvironment, type VisitServicePorts } from './visit-service-ports';

/** The inbound text Lambda's handler file, relative to the repository root. */
export const SMS_ENTRY = 'functions/sms/lambda.ts';

/** AWS End User Messaging SMS, as a service principal: it publishes each inbound text to the topic. */
export const SMS_SERVICE_PRINCIPAL = 'sms-voice.amazonaws.com';

export interface TextMessagesProps extends VisitServicePorts {
  readonly key: kms.IKey;
  readonly alerts: Alerts;
  readonly policies: readonly Policy[];
  /** The trust's number (or its phone number id) replies and reminders are sent from. @default the number each text was sent to */
  readonly originationIdentity?: string;
  /** The trust's own words. @default the product's (functions/core/sms-words.ts) */
  readonly words?: Partial<TextWords>;
}

/**
 * Texts from staff with no data signal (issue 25). The trust's two-way number is requested in AWS
 * End User Messaging outside CloudFormation (it takes registration), and pointed at `inboundTopic`;
 * the README and `npm run doctor` walk through it. Each inbound text goes to a Lambda that turns it
 * into the command the staff page sends, through the same visit service, and answers it by
 * SendTextMessage. Staff's registered mobiles, and the bad codes sent from them, are in `phones`,
 * written by the trust's admin tooling.
 */
export class TextMessages extends Construct {
  readonly inboundTopic: sns.Topic;
  /** Encrypts the inbound topic: its policy lets End User Messaging (this account's only) publish. */
  readonly inboundKey: kms.Key;
  readonly phones: dynamodb.TableV2;
  readonly handler: nodejs.NodejsFunction;

  constructor(scope: Construct, id: string, props: TextMessagesProps) {
    super(scope, id);
    const account = Stack.of(this).account;
    const fromThisAccount = { StringEquals: { 'aws:SourceAccount': account } };

    this.phones = secureTable(this, 'Phones', {
      key: props.key,
      partitionKey: { name: PHONE_NUMBER, type: dynamodb.AttributeType.STRING },
      globalSecondaryIndexes: [{ indexName: PHONES_BY_USER, partitionKey: { name: PHONE_USER_ID, type: dynamodb.AttributeType.STRING } }],
      // Re-registering every member of staff's mobile after a stack replacement would leave them without texts meanwhile.
      retain: true,
    });

    // A key of its own: the service principal may use it, and nothing else of the trust's data is under it.
    this.inboundKey = new kms.Key(this, 'InboundKey', { description: 'home-visits: inbound texts from staff (End User Messaging two-way SMS)', enableKeyRotation: true });
    this.inboundKey.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal(SMS_SERVICE_PRINCIPAL)],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
        conditions: fromThisAccount,
      }),
    );
    this.inboundTopic = new sns.Topic(this, 'InboundTopic', { masterKey: this.inboundKey, enforceSSL: true, displayName: 'Home visits: texts from staff' });
    this.inboundTopic.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal(SMS_SERVICE_PRINCIPAL)],
        actions: ['sns:Publish'],
        resources: [this.inboundTopic.topicArn],
        conditions: fromThisAccount,
      }),
    );

    const { alerts } = props;
    this.handler = handlerFunction(this, 'Handler', {
      entry: SMS_ENTRY,
      description: 'Home visits: a text from a member of staff, as the command the staff page sends',
      timeout: Duration.seconds(25),
      environment: {
        ...visitServiceEnvironment(props),
        PHONES_TABLE: this.phones.tableName,
        ALERTS_TOPIC_ARN: alerts.topic.topicArn,
        ...(props.originationIdentity ? { SMS_ORIGINATION_IDENTITY: props.originationIdentity } : {}),
        ...(props.words ? { SMS_WORDS: JSON.stringify(props.words) } : {}),
      },
      define: trustPoliciesDefine(props.policies),
    });
    grantVisitService(this.handler, props);
    // The table itself, not its index (table.grants would add `index/*`): the gateway reads a number and counts its bad codes.
    iam.Grant.addToPrincipal({ grantee: this.handler, actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'], resourceArns: [this.phones.tableArn] });
    props.key.grantEncryptDecrypt(this.handler);
    // A number locked after wrong codes is told to the office on the alerts topic (no event records it).
    alerts.topic.grants.publish(this.handler);
    acknowledgeKmsGrants(this.handler);
    this.handler.node.addDependency(taskResponsePolicy(this, 'HandlerAnswersTasks', this.handler.role!, ['states:SendTaskSuccess']));
    // Replies from the trust's numbers and pools (their ids are given outside CloudFormation), to any phone.
    const region = Stack.of(this).region;
    const originations = ['phone-number', 'pool', 'sender-id'].map((kind) => `arn:${Stack.of(this).partition}:sms-voice:${region}:${account}:${kind}/*`);
    iam.Grant.addToPrincipal({ grantee: this.handler, actions: ['sms-voice:SendTextMessage'], resourceArns: originations });
    acknowledge(
      this.handler.role!,
      "sms-voice:SendTextMessage from this account's numbers, pools and sender ids in the region: the trust's number is requested outside CloudFormation, so its id is not known at synth.",
      ...originations.map((arn) => wildcardResourceFinding(this, arn)),
    );
    // Retried twice by Lambda on a failure (the inbound message id keeps the record to one).
    this.inboundTopic.addSubscription(new subscriptions.LambdaSubscription(this.handler));
    // The policy's check-in reminders, texted to the staff who chose it (functions/sms/reminder-relay.ts):
    // the reminder alone, and what SNS cannot deliver kept with the alerts it could not.
    alerts.topic.addSubscription(
      new subscriptions.LambdaSubscription(this.handler, {
        filterPolicy: { kind: sns.SubscriptionFilter.stringFilter({ allowlist: ['check-in-reminder'] }) },
        deadLetterQueue: alerts.deadLetterQueue,
      }),
    );
    // Whose mobile to text a reminder to: the index by member of staff only.
    iam.Grant.addToPrincipal({ grantee: this.handler, actions: ['dynamodb:Query'], resourceArns: [`${this.phones.tableArn}/index/${PHONES_BY_USER}`] });
  }
}
