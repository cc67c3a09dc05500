import { CfnOutput, Lazy, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import type { Trust } from '../policies/load';
import type { VisitWorkflow } from '../workflows/visit-workflow';
import { HELD_METRIC } from '../functions/alerts/held-metric';
import { AlertCanary } from './alert-canary';
import { AlertDelivery, MAX_RECORD_AGE } from './alert-delivery';
import { Alerts } from './alerts';
import { VisitsApi } from './api';
import { DuressCodes } from './duress-codes';
import { EventStore } from './event-store';
import { FIVE_MINUTE_MAX, FIVE_MINUTE_SUM, Operations } from './operations';
import { Reconciler } from './reconciler';
import { STACK_OUTPUTS } from './stack-outputs';
import { StaticSite } from './site';
import { TextMessages } from './sms';
import { STEP_NAMES, type StepFunctions } from './step-functions';
import { TaskTokens } from './task-tokens';
import { VisitBoard } from './visit-board';
import { BoardProjection } from './board-projection';
import { Workflow } from './workflow';

export interface HomeVisitsStackProps extends StackProps {
  readonly trustId: string;
  /**
   * The trust's validated config and school policies (`loadTrust`): the policies go into the API's
   * bundle, the subscriptions onto the topics, the throttling onto the API stage.
   * @default no schools and no subscriptions: a stack to synthesise only (the local runtime reads
   * its state machine definition), whose API would refuse to start
   */
  readonly trust?: Trust;
  /**
   * The web app: `assetDir` is its Vite build (`web/dist`; the CDK tests pass test/fixtures/site),
   * served by CloudFront, signing in through Cognito's hosted sign-in and calling the API (CORS).
   * @default no site: the API answers no browser origin and its app client signs in with SRP only
   */
  readonly site?: SiteProps;
}

export interface SiteProps {
  /** The built web app: index.html and the other pages at its root, content-hashed files under assets/. */
  readonly assetDir: string;
}

/** Stage-wide API throttling when the trust config does not say. */
export const DEFAULT_THROTTLING = { rateLimit: 50, burstLimit: 100 } as const;

/**
 * One stack per trust. Reads top to bottom like the architecture: the trust's data key, the event
 * store (source of truth), the task tokens and the office board, the alerts topic, the workflow,
 * the web app and the API in front of it all, then the alarms that watch them.
 */
export class HomeVisitsStack extends Stack {
  readonly key: kms.Key;
  readonly eventStore: EventStore;
  readonly eventTable: EventStore['table'];
  readonly tokens: TaskTokens;
  readonly board: VisitBoard;
  /** The board's one writer, on the event table's stream. */
  readonly boardProjection: BoardProjection;
  readonly duress: DuressCodes;
  readonly alerts: Alerts;
  readonly alertDelivery: AlertDelivery;
  readonly workflow: VisitWorkflow;
  readonly steps: StepFunctions['functions'];
  readonly site?: StaticSite;
  readonly api: VisitsApi;
  readonly reconciler: Reconciler;
  readonly texts: TextMessages;
  readonly operations: Operations;
  readonly canary: AlertCanary;

  constructor(scope: Construct, id: string, props: HomeVisitsStackProps) {
    super(scope, id, props);
    const { trust } = props;
    if (trust && trust.config.trustId !== props.trustId) {
      throw new Error(`trustId ${props.trustId} does not match the trust config's ${trust.config.trustId}`);
    }

    this.key = new kms.Key(this, 'DataKey', {
      description: `home-visits ${props.trustId}: events, task tokens, board and alerts`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.eventStore = new EventStore(this, 'EventStore', { key: this.key });
    this.eventTable = this.eventStore.table;
    this.tokens = new TaskTokens(this, 'TaskTokens', { key: this.key });
    this.board = new VisitBoard(this, 'VisitBoard', { key: this.key });
    this.duress = new DuressCodes(this, 'DuressCodes', { key: this.key });
    this.alerts = new Alerts(this, 'Alerts', { key: this.key, subscriptions: trust?.config.alerts.subscriptions ?? [] });

    const policies = [...(trust?.policies.values() ?? [])];
    this.alertDelivery = new AlertDelivery(this, 'AlertDelivery', { eventStore: this.eventStore, alerts: this.alerts, key: this.key, policies });

    this.boardProjection = new BoardProjection(this, 'BoardProjection', { eventStore: this.eventStore, board: this.board, policies });

    const workflow = new Workflow(this, 'Workflow', { trustId: props.trustId, eventStore: this.eventStore, tokens: this.tokens, policies });
    this.workflow = workflow.visitWorkflow;
    this.steps = workflow.steps;
    const { stateMachine } = workflow;

    // The site's CSP names the API's and the sign-in's origins, and the API answers only the site's
    // origin. CloudFormation sees no cycle: the CSP names the REST API and the sign-in domain
    // themselves, not the stage and methods that name the site. But constructs are built in order,
    // so the site reads those two origins once the API exists.
    const apiOrigin = Lazy.string({ produce: () => this.api.origin });
    const signInOrigin = Lazy.string({ produce: () => this.api.signIn!.baseUrl() });
    const site = (this.site = props.site
      ? new StaticSite(this, 'Site', { assetDir: props.site.assetDir, connectTo: [apiOrigin, signInOrigin], formsTo: [signInOrigin] })
      : undefined);

    this.api = new VisitsApi(this, 'Api', {
      trustId: props.trustId,
      eventStore: this.eventStore,
      tokens: this.tokens,
      board: this.board,
      duress: this.duress,
      stateMachine,
      policies,
      throttling: trust?.config.api ?? DEFAULT_THROTTLING,
      ...(trust?.config.cognito?.ses ? { ses: trust.config.cognito.ses } : {}),
      ...(site ? { site } : {}),
    });
    site?.publish({
      apiUrl: this.api.url,
      auth: {
        kind: 'cognito',
        domain: this.api.signIn!.baseUrl(),
        clientId: this.api.userPoolClient.userPoolClientId,
        redirectUri: site.signedInUrl,
        logoutUri: site.signedOutUrl,
      },
    });
    this.reconciler = new Reconciler(this, 'Reconciler', { eventStore: this.eventStore, board: this.board, key: this.key, stateMachine, policies });
    const sms = trust?.config.sms;
    this.texts = new TextMessages(this, 'Texts', {
      key: this.key,
      eventStore: this.eventStore,
      tokens: this.tokens,
      board: this.board,
      duress: this.duress,
      alerts: this.alerts,
      stateMachine,
      policies,
      ...(sms?.originationIdentity ? { originationIdentity: sms.originationIdentity } : {}),
      ...(sms?.words ? { words: sms.words } : {}),
    });

    const ops = (this.operations = new Operations(this, 'Operations', {
      trustId: props.trustId,
      subscriptions: trust?.config.operations.subscriptions ?? [],
    }));
    ops.alarm('ExecutionsFailed', stateMachine.metricFailed(FIVE_MINUTE_SUM), 'A visit workflow execution failed: the visit is no longer timed or escalated.');
    ops.alarm('ExecutionsTimedOut', stateMachine.metricTimedOut(FIVE_MINUTE_SUM), 'A visit workflow execution timed out.');
    ops.alarm('ExecutionsAborted', stateMachine.metricAborted(FIVE_MINUTE_SUM), 'A visit workflow execution was stopped.');
    ops.alarm(
      'AlertDeliveryFailed',
      this.alerts.topic.metricNumberOfNotificationsFailed(FIVE_MINUTE_SUM),
      'SNS could not deliver an alert to a subscriber after its retries (see the alerts dead-letter queue).',
    );
    ops.alarm(
      'AlertRedriveFailed',
      this.alerts.topic.metric('NumberOfNotificationsFailedToRedriveToDlq', FIVE_MINUTE_SUM),
      'An undeliverable alert could not even be put on the dead-letter queue: it is lost unless acted on now.',
    );
    ops.alarm(
      'AlertsInDeadLetterQueue',
      this.alerts.deadLetterQueue.metricApproximateNumberOfMessagesVisible(FIVE_MINUTE_MAX),
      'Undelivered alerts are waiting in the dead-letter queue: tell the people they were for, then fix the subscription.',
    );
    const { publisher, mappingId, ledger, failureBucket } = this.alertDelivery;
    const mapping = (metricName: string) =>
      new cloudwatch.Metric({ namespace: 'AWS/Lambda', metricName, dimensionsMap: { EventSourceMappingUUID: mappingId }, ...FIVE_MINUTE_SUM });
    ops.alarm('AlertPublisherErrors', publisher.metricErrors(FIVE_MINUTE_SUM), 'The alert publisher threw: alerts of committed events are being retried from the event table stream.');
    ops.alarm(
      'AlertPublishRetrying',
      mapping('FailedInvokeEventCount'),
      'The alert publisher reported a record it could not publish (SNS or DynamoDB throttled or down: its log names the visit): the trigger retries it, in order, until the fault clears. Alerts behind it on that shard wait.',
    );
    ops.alarm('AlertPublisherThrottled', publisher.metricThrottles(FIVE_MINUTE_SUM), 'The alert publisher was throttled (the account\'s Lambda concurrency): alerts wait in the event table stream.');
    ops.alarm(
      'AlertsHeld',
      new cloudwatch.Metric({ namespace: HELD_METRIC.namespace, metricName: HELD_METRIC.name, dimensionsMap: { [HELD_METRIC.dimension]: this.stackName }, ...FIVE_MINUTE_SUM }),
      `An append's alerts can never be published as it stands (a record that no longer parses, or a policy version this deploy lacks): it is held with its visit, version and reason. Tell the people it was for; \`npm run redrive -- --trust ${props.trustId} list\` names the visit (so does the publisher's log line), \`held\` sends it once mended.`,
    );
    ops.alarm(
      'AlertsNotPublished',
      mapping('OnFailureDestinationDeliveredEventCount'),
      `Committed alerts were still failing ${MAX_RECORD_AGE.toHours()} hours after they were recorded: the stream records are in the alert failure bucket. Tell the people they were for; mend the fault, then \`npm run redrive -- --trust ${props.trustId} files …\`.`,
    );
    ops.alarm(
      'AlertsDropped',
      mapping('DroppedEventCount'),
      'The alert trigger dropped stream records without writing them to the failure bucket: those alerts are lost unless re-driven from the event table now.',
    );
    ops.alarm(
      'AlertFailuresNotKept',
      publisher.metric('DestinationDeliveryFailures', FIVE_MINUTE_SUM),
      'The alert trigger could not write failed records to the failure bucket (permissions, key or size): they are dropped.',
    );
    ops.alarmOnSilence(
      'AlertTriggerSilent',
      mapping('PolledEventCount'),
      'The alert trigger has not polled the event table stream for ten minutes (disabled, deleted or stalled): no alert is leaving. Check the event source mapping of the alert publisher.',
    );
    ops.alarm(
      'AlertsPublishedLate',
      publisher.metric('IteratorAge', FIVE_MINUTE_MAX),
      'Alerts are leaving more than a minute after their events were recorded (the publisher is behind on the event table stream).',
      60_000,
    );
    this.canary = new AlertCanary(this, 'AlertCanary', { eventStore: this.eventStore, alerts: this.alerts, key: this.key, operations: ops });
    // Shared by every state machine in the account and region, and reduced on a new account: a
    // throttled transition delays a visit's next step (a check-in deadline, an escalation).
    ops.alarm(
      'StateTransitionsThrottled',
      sfn.StateTransitionMetric.metricThrottledEvents(FIVE_MINUTE_SUM),
      'Step Functions throttled state transitions in this account and region (its quota is shared by every state machine here, and reduced on new accounts): visits\' steps are delayed. `npm run doctor` compares the quota with what the trust needs; raise it in Service Quotas.',
    );
    for (const name of STEP_NAMES) {
      ops.alarm(`${capitalise(name)}Errors`, this.steps[name].metricErrors(FIVE_MINUTE_SUM), `The workflow step ${name} threw.`);
    }
    ops.alarm('ApiHandlerErrors', this.api.handler.metricErrors(FIVE_MINUTE_SUM), 'The API Lambda threw (not a 4xx: a crash or timeout).');
    ops.alarm('ReportHandlerErrors', this.api.reportHandler.metricErrors(FIVE_MINUTE_SUM), 'The report Lambda threw (not a 4xx: a crash or timeout).');
    ops.alarm('ReconcilerErrors', this.reconciler.handler.metricErrors(FIVE_MINUTE_SUM), 'The reconciler threw: visits recorded but never started may not be timed (its log names them).');
    ops.alarm('InboundTextErrors', this.texts.handler.metricErrors(FIVE_MINUTE_SUM), 'The inbound text Lambda threw: a text from a member of staff (perhaps a call for help) is being retried; its log names the message id.');
    ops.alarmOnDamagedRecords([this.api.handler.logGroup, this.api.reportHandler.logGroup]);
    // Keyed by the API's per-trust name (home-visits-<trustId>): another trust's API in the account does not count.
    ops.alarm('ApiServerErrors', this.api.restApi.metricServerError(FIVE_MINUTE_SUM), 'The API answered 5xx.');

    if (site) new CfnOutput(this, 'SiteUrl', { value: site.signedOutUrl, description: 'The web app' });
    new CfnOutput(this, 'ApiUrl', { value: this.api.restApi.url });
    new CfnOutput(this, 'UserPoolId', { value: this.api.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.api.userPoolClient.userPoolClientId });
    new CfnOutput(this, STACK_OUTPUTS.alertsTopic, { value: this.alerts.topic.topicArn });
    new CfnOutput(this, 'AlertsDeadLetterQueueUrl', { value: this.alerts.deadLetterQueue.queueUrl });
    new CfnOutput(this, STACK_OUTPUTS.eventTable, { value: this.eventTable.tableName });
    new CfnOutput(this, STACK_OUTPUTS.alertLedger, { value: ledger.tableName });
    new CfnOutput(this, STACK_OUTPUTS.alertFailureBucket, { value: failureBucket.bucketName });
    new CfnOutput(this, 'OperationsTopicArn', { value: ops.topic.topicArn });
    new CfnOutput(this, STACK_OUTPUTS.inboundTextsTopic, { value: this.texts.inboundTopic.topicArn, description: 'Point the trust\'s two-way number in End User Messaging here' });
    new CfnOutput(this, STACK_OUTPUTS.staffPhonesTable, { value: this.texts.phones.tableName });
    new CfnOutput(this, 'StateMachineArn', { value: stateMachine.stateMachineArn });
  }
}

const capitalise = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);
