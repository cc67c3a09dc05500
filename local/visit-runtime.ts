import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { TaskSignals } from '../functions/adapters/task-signals';
import type { DuressCodes } from '../functions/adapters/duress-codes';
import { DynamoDbEventStore } from '../functions/adapters/dynamodb-event-store';
import { createEventTable } from '../functions/adapters/event-table';
import { createTaskTokenTable, DynamoDbTaskTokenStore } from '../functions/adapters/task-tokens';
import { createBoardTable, DynamoDbVisitBoard } from '../functions/adapters/visit-board';
import { createApi, type Api, type ApiDeps } from '../functions/api';
import { localContext } from '../functions/api/router';
import { policyRegistry } from '../functions/app/policy-registry';
import { loadVisit, type LoadedVisit } from '../functions/core/handle-command';
import { RecordUnreadableError } from '../functions/core/record-damage';
import type { Policy } from '../functions/core/policy';
import { createStepHandlers } from '../functions/steps/handlers';
import { STEP_NAMES } from '../functions/steps/step-names';
import { LocalStepFunctions, LocalTaskSignals, LocalWorkflowStarter, ScaledClock, type EngineClock } from './engine';
import type { LambdaHandler } from './engine/integrations';
import { loadWorkflowDefinition, type LocalWorkflowDefinition } from './workflow-definition';
import { createAlertTopicTable, LocalAlertTopic, type AlertSink, type DeliveryPolicy } from './alert-topic';
import { createAlertLedgerTable } from '../functions/alerts/alert-ledger';
import { alertPublisher, BOARD_PROJECTOR, boardProjector } from './stream-consumers';
import { LocalTableStream } from './table-stream';
import { reportRoute } from '../functions/api/routes/report';
import { renderReportPdf } from '../functions/adapters/report-pdf';
import { HmacVisitPassKey } from '../functions/adapters/hmac-visit-pass-key';
import type { VisitPassKey } from '../functions/api/visit-pass';
import { createStaffPhonesTable, DynamoDbStaffPhones } from '../functions/adapters/staff-phones';
import { TextOutbox } from '../functions/adapters/text-outbox';
import { createTextGateway, type TextGateway } from '../functions/app/text-gateway';
import { TextReminders } from '../functions/app/text-reminders';
import { createVisitService } from '../functions/app/visit-service';
import { DEFAULT_TEXT_WORDS, type TextWords } from '../functions/core/sms-words';
import { DEMO_USERS } from './auth/users';

/**
 * The whole product on one machine: the deployed state machine definition on the local engine,
 * the same step and API handlers, DynamoDB through the given client (dynalite locally), and one
 * clock for deadlines, event times and reports.
 */

export interface VisitRuntimeOptions {
  readonly dynamodb: DynamoDBClient;
  readonly policies: Iterable<Policy>;
  /** Where alerts are delivered (the local stand-in for SNS), each sink retried on its own. */
  readonly sinks: readonly AlertSink[];
  /** Console output: dead letters and failures. @default console.log */
  readonly log?: (line: string) => void;
  /** How hard the alert topic tries each sink. @default DEFAULT_DELIVERY */
  readonly delivery?: Partial<DeliveryPolicy>;
  readonly duress: DuressCodes;
  /** Signs visit passes. @default a fresh secret in memory (passes do not outlive the process) */
  readonly passKey?: VisitPassKey;
  /** The one clock for deadlines, event times and reports, and the engine's waits. @default real time (scale 1) */
  readonly clock?: EngineClock;
  /** The tables' names; those not given are named after the event table. @default DEFAULT_TABLES */
  readonly tables?: { readonly events: string; readonly tokens: string; readonly board: string } & Partial<RuntimeTables>;
  /** The workflow definition file the engine runs. @default the committed one (local/workflow-definition.json) */
  readonly definitionFile?: string;
  /** The staff mobiles registered for texts at start. @default the demo users' (local/auth/demo-users.json) */
  readonly phones?: readonly { readonly number: string; readonly userId: string; readonly name: string; readonly textReminders?: boolean }[];
  /** The trust's text words. @default DEFAULT_TEXT_WORDS */
  readonly textWords?: TextWords;
}

/** The text gateway in `npm start`: inbound texts as AWS would deliver them, the texts sent back kept in an outbox. */
export interface LocalTexts {
  readonly gateway: TextGateway;
  readonly outbox: TextOutbox;
  readonly phones: DynamoDbStaffPhones;
}

export interface VisitRuntime {
  readonly api: Api;
  readonly deps: ApiDeps;
  readonly engine: LocalStepFunctions;
  readonly clock: EngineClock;
  /** The stand-in for the alerts topic: what was published, and to which sinks it was delivered. */
  readonly topic: LocalAlertTopic;
  /** The event table's stream, emulated: the alert publisher runs on it as it runs on AWS. */
  readonly stream: LocalTableStream;
  /** Resolves once the stream's consumers and the topic have done all they were given (tests, shutdown). */
  idle(): Promise<void>;
  readonly texts: LocalTexts;
  /** Start again the executions of visits that were under way when the runtime last stopped. */
  resume(): Promise<number>;
  /** Stop every running execution and timer (the events stay). */
  close(): Promise<void>;
}

interface RuntimeTables {
  readonly events: string;
  readonly tokens: string;
  readonly board: string;
  /** The alert topic's delivery records. */
  readonly topic: string;
  /** The alert publisher's ledger (functions/alerts/alert-ledger.ts), as on AWS. */
  readonly ledger: string;
  /** Where each stream consumer keeps its place. */
  readonly checkpoints: string;
}

export const DEFAULT_TABLES: RuntimeTables = {
  events: 'home-visits-events',
  tokens: 'home-visits-task-tokens',
  board: 'home-visits-board',
  topic: 'home-visits-alert-topic',
  ledger: 'home-visits-alert-ledger',
  checkpoints: 'home-visits-stream-checkpoints',
};
/** Beside the others (a test's tables carry their own suffix: the phones table takes the events table's). */
const phonesTableOf = (events: string): string => events.replace(/events/, 'staff-phones');

const DEMO_PHONES = DEMO_USERS.flatMap((user) => (user.mobile ? [{ number: user.mobile, userId: user.userId, name: user.name, textReminders: user.textReminders === true }] : []));

export async function createVisitRuntime(options: VisitRuntimeOptions): Promise<VisitRuntime> {
  const named = options.tables ?? DEFAULT_TABLES;
  const tables: RuntimeTables = {
    topic: `${named.events}-alert-topic`,
    ledger: `${named.events}-alert-ledger`,
    checkpoints: `${named.events}-stream-checkpoints`,
    ...named,
  };
  const { dynamodb } = options;
  const log = options.log ?? console.log;
  await Promise.all([
    createEventTable(dynamodb, tables.events),
    createTaskTokenTable(dynamodb, tables.tokens),
    createBoardTable(dynamodb, tables.board),
    createAlertTopicTable(dynamodb, tables.topic),
    createAlertLedgerTable(dynamodb, tables.ledger),
    createStaffPhonesTable(dynamodb, phonesTableOf(tables.events)),
  ]);
  const clock = options.clock ?? new ScaledClock(1);
  const store = new DynamoDbEventStore({ client: dynamodb, tableName: tables.events });
  const tokens = new DynamoDbTaskTokenStore({ client: dynamodb, tableName: tables.tokens });
  const board = new DynamoDbVisitBoard({ client: dynamodb, tableName: tables.board });
  const policies = policyRegistry(options.policies);
  const words = options.textWords ?? DEFAULT_TEXT_WORDS;
  const phones = new DynamoDbStaffPhones({ client: dynamodb, tableName: phonesTableOf(tables.events) });
  await Promise.all((options.phones ?? DEMO_PHONES).map((phone) => phones.register(phone)));
  const textOutbox = new TextOutbox(clock, log);
  const topic = new LocalAlertTopic({
    client: dynamodb,
    tableName: tables.topic,
    // The check-in reminders go by text too, to those who chose it (on AWS: beside the topic, in the text Lambda).
    sinks: [...options.sinks, { name: 'texts', sink: new TextReminders({ phones, texts: textOutbox, policies, words }) }],
    log,
    ...(options.delivery ? { delivery: options.delivery } : {}),
  });
  // The await-signal step signals its own engine: bound once the engine exists.
  let engineSignals: LocalTaskSignals | undefined;
  const lateSignals: TaskSignals = {
    success: (token, output) => engineSignals!.success(token, output),
    failure: (token, error, cause) => engineSignals!.failure(token, error, cause),
    heartbeat: (token) => engineSignals!.heartbeat(token),
  };
  const steps = createStepHandlers({ store, tokens, signals: lateSignals, clock, policies });
  const stream = await LocalTableStream.start({
    client: dynamodb,
    tableName: tables.events,
    checkpointTable: tables.checkpoints,
    // The alerts leave as on AWS: the same publisher, on the table's stream, with its own ledger.
    consumers: [
      alertPublisher({ store, policies, topic, ledger: { client: dynamodb, tableName: tables.ledger }, clock, log }),
      // The board as on AWS: one projector on the stream, never a step's or a request's write.
      boardProjector({ store, board, policies, log }),
    ],
    log,
  });
  // What the last run accepted and never finished delivering.
  await topic.redeliverPending();

  const workflow = loadWorkflowDefinition(options.definitionFile);
  // The committed definition, validated by its test (test/cdk/workflow-definition.test.ts).
  const engine = new LocalStepFunctions({ definition: workflow.definitionString, resources: stepResources(workflow, steps), clock, validate: false });
  engineSignals = new LocalTaskSignals(engine);
  const deps: ApiDeps = {
    store,
    tokens,
    board,
    duress: options.duress,
    passKey: options.passKey ?? new HmacVisitPassKey(),
    clock,
    policies,
    signals: engineSignals,
    starter: new LocalWorkflowStarter(engine),
    renderPdf: renderReportPdf,
    reportRoute,
  };

  const texts: LocalTexts = {
    outbox: textOutbox,
    phones,
    gateway: createTextGateway({
      ...deps,
      service: createVisitService(deps),
      phones,
      texts: textOutbox,
      words,
      // A notice about a phone, not a visit's event: straight to the topic, as the text Lambda publishes it on AWS.
      tellOffice: (message) => topic.publish(message),
    }),
  };

  return {
    api: createApi(deps),
    deps,
    engine,
    clock,
    topic,
    stream,
    texts,
    async idle() {
      await stream.idle();
      await topic.idle();
    },
    async resume() {
      // Executions live in memory; the events do not. Plan re-folds each unfinished visit from its
      // events, so a new execution under the same name carries on where the last one stopped.
      // A visit whose record no longer parses is quarantined: not resumed, flagged on the board,
      // shouted on the console; every other visit resumes. This is also the local reconciler: no
      // execution outlives the process, so a visit recorded but never started (the process died
      // between the request's append and its start) is started here with the rest (on AWS the
      // scheduled functions/reconcile Lambda does it, asking Step Functions first).
      // The board is where they are found: first the lines of every append the last run left unprojected.
      await stream.caughtUp(BOARD_PROJECTOR);
      const unfinished = await board.unfinished();
      let quarantined = 0;
      for (const summary of unfinished) {
        let loaded: LoadedVisit;
        try {
          loaded = await loadVisit(store, summary.visitId);
        } catch (error) {
          if (!(error instanceof RecordUnreadableError)) throw error;
          quarantined += 1;
          log(
            `!! RECORD DAMAGED: visit ${summary.visitId} no longer parses from version ${error.version} (${error.reason}); not resumed, its reads answer 409 until the record is repaired (its history shows where)`,
          );
          await board.markDamaged(summary, error);
          continue;
        }
        const { state } = loaded;
        if (state.status === 'none' || !policies.version(state.policy.schoolId, state.policy.version)) continue;
        // A filed visit is on the open board only for an alert still open on it: no workflow to restart.
        if (state.status !== 'filed') await deps.starter.start(summary.visitId, { visitId: summary.visitId, policy: state.policy });
      }
      return unfinished.length - quarantined;
    },
    async close() {
      await engine.close();
      // The stream's checkpoints and the topic's pending records hold the place: the next start carries on.
      await stream.close();
    },
  };
}

/** The step Lambdas of the deployed definition, by their local ARNs, mapped to the same middy handlers Lambda runs. */
function stepResources({ stepArns }: LocalWorkflowDefinition, steps: ReturnType<typeof createStepHandlers>): Record<string, LambdaHandler> {
  return Object.fromEntries(
    STEP_NAMES.map((name) => {
      const handler = steps[name] as (event: unknown, context: ReturnType<typeof localContext>) => Promise<unknown>;
      return [stepArns[name], (payload: unknown) => handler(payload, localContext(`step-${name}`))];
    }),
  );
}
