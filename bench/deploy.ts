import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { HmacVisitPassKey } from '../functions/adapters/hmac-visit-pass-key';
import { build, type Metafile } from 'esbuild';
import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { MemoryAlertPublisher } from '../functions/adapters/alert-publisher';
import { MemoryDuressCodes } from '../functions/adapters/duress-codes';
import { DynamoDbEventStore } from '../functions/adapters/dynamodb-event-store';
import { COMMAND_ID, createEventTable, EVENTS, FIRST_VERSION, LAST_VERSION, STREAM_ID } from '../functions/adapters/event-table';
import { storedText } from '../functions/adapters/stored-event';
import { createAlertLedgerTable, DynamoDbAlertLedger } from '../functions/alerts/alert-ledger';
import { createStreamPublisher } from '../functions/alerts/stream-publisher';
import { isAlertingType } from '../functions/core/alerts';
import type { EventStore, StoredEvent } from '../functions/core/event-store';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { createTaskTokenTable, DynamoDbTaskTokenStore } from '../functions/adapters/task-tokens';
import { createBoardTable, DynamoDbVisitBoard } from '../functions/adapters/visit-board';
import { createApi, type ApiDeps } from '../functions/api';
import { localContext } from '../functions/api/router';
import { policyRegistry } from '../functions/app/policy-registry';
import type { Actor } from '../functions/core/actor';
import type { AlertMessage } from '../functions/core/alerts';
import type { StageName } from '../functions/core/stages';
import { createStepHandlers } from '../functions/steps/handlers';
import type { StepName } from '../functions/steps/step-names';
import { receives } from '../lib/alerts';
import { STEP_NAMES } from '../lib/step-functions';
import { asTheStackBundles, ROOT } from '../lib/handler-function';
import { startDynalite } from '../local/dynalite';
import { localExecutionArn, LocalStepFunctions, LocalTaskSignals, LocalWorkflowStarter, localResources, ScaledClock, synthesizedDefinition } from '../local/engine';
import { synthesizedStack } from '../local/synth';
import { loadTrust } from '../policies/load';
import { eventAs } from '../test/support/api-events';
import { STACK_LAMBDA_ENV, stackLambdas } from '../test/support/stack-lambdas';
import type { Policy } from '../functions/core/policy';
import requestFixture from '../test/fixtures/visit-request.json';

/**
 * What deploying costs, measured here:
 * - every Lambda bundled as NodejsFunction bundles it (esbuild, minified, ESM, source maps, the
 *   AWS SDK left to the runtime): size, and what dominates it;
 * - cold module init of each bundle (import + construct its clients) in a fresh `node` process;
 * - one typical visit driven through the real API and state machine on the local engine, with
 *   every Lambda invocation, state transition, DynamoDB capacity unit and SNS publish counted,
 *   priced at eu-west-2 list prices, for one visit and for 10,000.
 */

// ---- List prices, Europe (London) eu-west-2, USD, as read from the AWS pricing pages in November 2026.
// Re-check before quoting: https://calculator.aws/ gives the current figure for each line.
const PRICE = {
  /** https://aws.amazon.com/step-functions/pricing/ (London row of the Standard table). */
  stateTransition: 0.025 / 1_000,
  /** https://aws.amazon.com/lambda/pricing/ (requests; London lists the same rate as N. Virginia). */
  lambdaRequest: 0.2 / 1_000_000,
  /** https://aws.amazon.com/lambda/pricing/ (Arm, first 7.5 billion GB-s per month). */
  lambdaArmGbSecond: 0.0000133334,
  /** https://aws.amazon.com/dynamodb/pricing/on-demand/ (London, after the November 2024 halving). */
  dynamoWriteUnit: 0.7423 / 1_000_000,
  dynamoReadUnit: 0.1485 / 1_000_000,
  /** https://aws.amazon.com/sns/pricing/ (standard topic publishes, per 64 KB request). */
  snsPublish: 0.5 / 1_000_000,
  /** https://aws.amazon.com/sns/pricing/ (email deliveries; SMS is per destination country, see the SMS pricing page). */
  snsEmailDelivery: 2.0 / 100_000,
  /** https://aws.amazon.com/sns/pricing/ (HTTP/S deliveries). */
  snsHttpsDelivery: 0.6 / 1_000_000,
  /** https://aws.amazon.com/api-gateway/pricing/ (REST API, first 333 million requests, London). */
  restApiRequest: 3.7 / 1_000_000,
  /** https://aws.amazon.com/xray/pricing/ (traces recorded, beyond the free 100,000 a month). */
  xrayTrace: 5.0 / 1_000_000,
} as const;
// Fixed monthly: two KMS keys at $1, CloudWatch alarms at $0.10 (standard resolution), Cognito Plus at $0.02 per MAU.
const MONTHLY = { kmsKey: 1.0, alarm: 0.1, cognitoPlusMau: 0.02 } as const;

const LAMBDA_MEMORY_GB = 0.5;
const VISITS = 10_000;
const INIT_RUNS = 9;
const OUT_DIR = join(ROOT, 'node_modules', '.cache', 'home-visits-bench-deploy');

const run = promisify(execFile);

export async function benchDeploy(): Promise<void> {
  rmSync(OUT_DIR, { recursive: true, force: true });
  mkdirSync(OUT_DIR, { recursive: true });
  const trust = loadTrust('sample-trust');
  const bundles = await bundleAll([...trust.policies.values()]);
  const inits = await coldInits(bundles);
  for (const scenario of SCENARIOS) price(await countVisit(trust, scenario), inits);
  console.log('  besides');
  const resources = Object.values(synthesizedStack().template.Resources as Record<string, { Type: string }>);
  const alarms = resources.filter((resource) => resource.Type === 'AWS::CloudWatch::Alarm').length;
  line('fixed per month', `2 KMS keys $${(2 * MONTHLY.kmsKey).toFixed(2)} + ${alarms} alarms $${(alarms * MONTHLY.alarm).toFixed(2)} + Cognito Plus $${MONTHLY.cognitoPlusMau}/MAU`);
  line('not counted', 'KMS requests (DynamoDB/SNS cache data keys), CloudWatch Logs ingestion, SMS (per country), data transfer, free tiers');
}

// ---- Bundles

interface Bundle {
  readonly name: string;
  readonly file: string;
  readonly bytes: number;
  readonly dominant: ReadonlyArray<readonly [string, number]>;
}

async function bundleAll(policies: readonly Policy[]): Promise<Bundle[]> {
  const bundles: Bundle[] = [];
  console.log('  bundles (esbuild as NodejsFunction runs it: minified ESM for node24, @aws-sdk/* left to the runtime, pdfkit installed beside the report)');
  for (const { name, entry, define, nodeModules } of stackLambdas(policies)) {
    const file = join(OUT_DIR, name, 'index.mjs');
    const result = await build({ ...asTheStackBundles(entry, define, nodeModules), outfile: file, metafile: true, logLevel: 'silent' });
    const bytes = statSync(file).size;
    const bundle = { name, file, bytes, dominant: dominantPackages(result.metafile, file) };
    bundles.push(bundle);
    const verdict = bytes <= 250 * 1024 ? 'under the 250 KB goal' : 'OVER the 250 KB goal';
    line(`${name}`, `${kb(bytes)} (${verdict}); most: ${bundle.dominant.map(([pkg, size]) => `${pkg} ${kb(size)}`).join(', ')}`);
  }
  return bundles;
}

/** Bytes in the output by package (own code under its folder), largest first. */
function dominantPackages(metafile: Metafile, outfile: string): Array<[string, number]> {
  const output = Object.entries(metafile.outputs).find(([path]) => path.endsWith('.mjs'));
  void outfile;
  const totals = new Map<string, number>();
  for (const [path, { bytesInOutput }] of Object.entries(output?.[1].inputs ?? {})) {
    const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
    const owner = path.includes('node_modules/zod/') && path.includes('/locales/') ? 'zod locales' : inPackage ? inPackage[1]! : path.replace(/^.*?functions\//, 'functions/').split('/').slice(0, 2).join('/');
    totals.set(owner, (totals.get(owner) ?? 0) + bytesInOutput);
  }
  return [...totals.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3);
}

// ---- Cold module init

/** Runs in a fresh node: import the bundle (its module scope builds the SDK clients) and say how long that took. */
const INIT_PROBE = `
const started = performance.now();
await import(process.argv[2]);
process.stdout.write(JSON.stringify({ ms: performance.now() - started }));
`;

async function coldInits(bundles: readonly Bundle[]): Promise<Map<string, number>> {
  const probe = join(OUT_DIR, 'init-probe.mjs');
  writeFileSync(probe, INIT_PROBE);
  const env = { PATH: process.env.PATH ?? '', ...STACK_LAMBDA_ENV };
  // The floor: a module that only imports the runtime's SDK clients and builds them. It moves by tens
  // of ms between runs on shared vCPUs, so each run of a bundle is paired with a run of the floor
  // just before it, and what the bundle adds to the floor is the median of those differences.
  const floor = join(OUT_DIR, 'sdk-floor.mjs');
  writeFileSync(floor, "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nimport { SFNClient } from '@aws-sdk/client-sfn';\nnew DynamoDBClient({});\nnew SFNClient({});\n");
  const initMs = async (file: string) => {
    const { stdout } = await run(process.execPath, ['--enable-source-maps', probe, pathToFileURL(file).href], { env, cwd: ROOT });
    return (JSON.parse(stdout) as { ms: number }).ms;
  };
  const floorTimes: number[] = [];
  const medians = new Map<string, number>();
  console.log(`  cold module init (import + construct clients; fresh node --enable-source-maps, median of ${INIT_RUNS})`);
  for (const bundle of bundles) {
    const times: number[] = [];
    const overFloor: number[] = [];
    for (let attempt = 0; attempt < INIT_RUNS; attempt += 1) {
      const sdk = await initMs(floor);
      const ms = await initMs(bundle.file);
      floorTimes.push(sdk);
      times.push(ms);
      overFloor.push(ms - sdk);
    }
    medians.set(bundle.name, median(times));
    line(bundle.name, `${median(times).toFixed(0)} ms: the floor + ${median(overFloor).toFixed(0)} (max ${Math.max(...times).toFixed(0)} ms; ${median(times) <= 150 ? 'under' : 'OVER'} the 150 ms goal)`);
  }
  line('the floor: the DynamoDB and SFN clients alone, no code of ours', `${median(floorTimes).toFixed(0)} ms (max ${Math.max(...floorTimes).toFixed(0)} ms)`);
  return medians;
}

// ---- One typical visit, counted

interface Invocation {
  readonly fn: string;
  readonly ms: number;
}

interface VisitCount {
  readonly name: string;
  readonly invocations: Invocation[];
  readonly stateTransitions: number;
  readonly readUnits: number;
  readonly writeUnits: number;
  readonly requestsByTable: Record<string, number>;
  readonly publishes: number;
  /** Deliveries to the sample trust's subscriptions (their filter rules applied to each message). */
  readonly deliveries: Record<'email' | 'sms' | 'https', number>;
  readonly apiRequests: number;
}

/** Sums the capacity DynamoDB (here dynalite, which computes it the same way) reports for every request. */
function countCapacity(client: DynamoDBClient) {
  const totals = { read: 0, write: 0, requests: {} as Record<string, number> };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as Record<string, unknown>;
      const command = context.commandName ?? '';
      if (!command.startsWith('CreateTable') && !command.startsWith('DescribeTable')) input.ReturnConsumedCapacity = 'TOTAL';
      const result = await next(args);
      const output = result.output as { ConsumedCapacity?: { TableName?: string; CapacityUnits?: number } };
      const units = output.ConsumedCapacity?.CapacityUnits ?? 0;
      if (/^(Put|Delete|Update)Item/.test(command)) totals.write += units;
      else totals.read += units;
      const table = `${output.ConsumedCapacity?.TableName ?? input.TableName}: ${command.replace(/Command$/, '')}`;
      totals.requests[table] = (totals.requests[table] ?? 0) + 1;
      return result;
    },
    { step: 'initialize', name: 'benchCapacity' },
  );
  return totals;
}

interface Drive {
  readonly call: (actor: Actor, method: 'GET' | 'POST', path: string, body?: unknown) => Promise<unknown>;
  readonly act: (actor: Actor, action: string, body: unknown) => Promise<unknown>;
  readonly waitingAt: (stage: StageName) => Promise<void>;
  readonly alert: (match: (message: AlertMessage) => boolean) => Promise<AlertMessage>;
  readonly visitId: string;
}

const STAFF: Actor = { userId: 'staff-alice', role: 'staff' };
const HEAD: Actor = { userId: 'head-hana', role: 'headteacher' };
const OFFICE: Actor = { userId: 'office-olu', role: 'office' };
const PARENT_AT_HOME = { peoplePresent: [{ name: 'Pat Parent', relationship: 'parent' }], invitedIn: true, animals: 'none', unsafeIndicators: [] };

/** Requested, authorised, out, at the door, in: the start every scenario shares (the office glances at the board once). */
async function outAndIn(d: Drive): Promise<void> {
  await d.call(STAFF, 'POST', '/visits', { visitId: d.visitId, details: { ...requestFixture, schoolId: 'hunsbury-park' } });
  await d.waitingAt('awaiting-authorisation');
  await d.act(HEAD, 'authorise', {});
  await d.waitingAt('awaiting-departure');
  await d.act(STAFF, 'depart', {});
  await d.waitingAt('travelling');
  await d.call(OFFICE, 'GET', '/visits?status=active');
  await d.act(STAFF, 'arrive', {});
  await d.waitingAt('at-the-door');
  await d.act(STAFF, 'enter', PARENT_AT_HOME);
  await d.waitingAt('in-home');
}

/** Leave, return safely; the workflow closes the visit and files the report; two more reads. */
async function leaveAndReturn(d: Drive): Promise<void> {
  await d.act(STAFF, 'leave', { notes: { facts: ['Agreed a morning routine'], agreements: ['Sam on the 8:05 bus'] } });
  await d.waitingAt('returning-safely');
  await d.act(STAFF, 'return', {});
}

const SCENARIOS: ReadonlyArray<{ name: string; timeScale: number; drive: (d: Drive) => Promise<void> }> = [
  {
    name: 'a typical visit (request, authorise, out, one check-in in the home, back, report; 4 reads)',
    timeScale: 1,
    async drive(d) {
      await outAndIn(d);
      await d.act(STAFF, 'check-in', {});
      await d.waitingAt('in-home');
      await d.call(STAFF, 'GET', `/visits/${d.visitId}`);
      await leaveAndReturn(d);
    },
  },
  {
    name: 'a visit with a missed check-in (level-1 alert to the office, then the check-in resolves it)',
    timeScale: 1200,
    async drive(d) {
      await outAndIn(d);
      await d.alert((message) => message.kind === 'check-in-overdue' && message.level === 1);
      await d.act(STAFF, 'check-in', { note: 'Sorry, phone on silent' });
      await d.alert((message) => message.kind === 'alert-resolved');
      await d.waitingAt('in-home');
      await leaveAndReturn(d);
    },
  },
];

/** The stream record DynamoDB sends the alert publisher for one new item (see functions/adapters/event-table.ts). */
function streamRecordOf(stored: readonly StoredEvent[], sequence: number): DynamoDBStreamEvent {
  const first = stored[0]!;
  const last = stored.at(-1)!;
  const image = {
    [STREAM_ID]: { S: first.streamId },
    [FIRST_VERSION]: { N: String(first.version) },
    [LAST_VERSION]: { N: String(last.version) },
    [COMMAND_ID]: { S: first.meta.commandId },
    [EVENTS]: { S: storedText(stored) },
  };
  return { Records: [{ eventName: 'INSERT', dynamodb: { NewImage: image, SequenceNumber: String(sequence) } }] };
}

async function countVisit(trust: ReturnType<typeof loadTrust>, scenario: (typeof SCENARIOS)[number]): Promise<VisitCount> {
  const dynalite = await startDynalite();
  const capacity = countCapacity(dynalite.client);
  const tables = { events: 'events', tokens: 'tokens', board: 'board', ledger: 'alert-ledger' };
  await Promise.all([
    createEventTable(dynalite.client, tables.events),
    createAlertLedgerTable(dynalite.client, tables.ledger),
    createTaskTokenTable(dynalite.client, tables.tokens),
    createBoardTable(dynalite.client, tables.board),
  ]);
  capacity.requests = {};

  // A weekday morning, as the fixture's appointment times assume.
  const clock = new ScaledClock(scenario.timeScale, new Date('2026-11-23T09:30:00.000Z'));
  const events = new DynamoDbEventStore({ client: dynalite.client, tableName: tables.events });
  const tokens = new DynamoDbTaskTokenStore({ client: dynalite.client, tableName: tables.tokens });
  const board = new DynamoDbVisitBoard({ client: dynalite.client, tableName: tables.board });
  const alerts = new MemoryAlertPublisher();
  const registry = policyRegistry(trust.policies.values());
  const invocations: Invocation[] = [];
  const timed =
    <A extends unknown[], R>(fn: string, handler: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const started = performance.now();
      try {
        return await handler(...args);
      } finally {
        invocations.push({ fn, ms: performance.now() - started });
      }
    };

  // As on AWS, nothing that appends publishes: each new item goes down the table's stream to the
  // alert publisher, one invocation per append, timed and counted with the rest.
  // The trigger lets through only appends that can raise an alert (lib/alert-delivery.ts).
  const publishFromStream = timed(
    'alertPublisher',
    createStreamPublisher({
      store: events,
      policies: registry,
      publisher: alerts,
      ledger: new DynamoDbAlertLedger({ client: dynalite.client, tableName: tables.ledger }),
      metrics: { held: () => undefined },
      now: () => clock.now(),
    }),
  );
  const streamed: Promise<unknown>[] = [];
  const store: EventStore = {
    read: (streamId, options) => events.read(streamId, options),
    async append(streamId, newEvents, options) {
      const appended = await events.append(streamId, newEvents, options);
      if (!appended.duplicate && appended.events.some((event) => isAlertingType(event.type))) streamed.push(publishFromStream(streamRecordOf(appended.events, streamed.length)));
      return appended;
    },
  };

  // The local runtime's composition (local/visit-runtime.ts), with every step Lambda timed and counted.
  let engine: LocalStepFunctions | undefined;
  const signals = () => new LocalTaskSignals(engine!);
  const steps = createStepHandlers({
    store,
    tokens,
    clock,
    signals: { success: (t, o) => signals().success(t, o), failure: (t, e, c) => signals().failure(t, e, c), heartbeat: (t) => signals().heartbeat(t) },
    policies: registry,
  });
  const synthesized = synthesizedStack();
  const functions = localResources(synthesized.template).filter((resource) => resource.type === 'AWS::Lambda::Function');
  const resources = Object.fromEntries(
    STEP_NAMES.map((name: StepName) => {
      const arn = functions.find((resource) => resource.logicalId === synthesized.stepLogicalIds[name])!.attributes.Arn!;
      const handler = steps[name] as (event: unknown, context: ReturnType<typeof localContext>) => Promise<unknown>;
      return [arn, timed(name, (payload: unknown) => handler(payload, localContext(`step-${name}`)))];
    }),
  );
  engine = new LocalStepFunctions({ definition: synthesizedDefinition(synthesized.template).definitionString, resources, clock });
  const deps: ApiDeps = {
    store,
    tokens,
    board,
    clock,
    duress: new MemoryDuressCodes(new Map()),
    passKey: new HmacVisitPassKey(),
    policies: registry,
    signals: signals(),
    starter: new LocalWorkflowStarter(engine),
  };
  const api = createApi(deps);
  const visitId = `bench-${scenario.timeScale}`;
  const until = async <T>(probe: () => Promise<T | undefined> | T | undefined, what: string): Promise<T> => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`visit ${visitId}: ${what} never happened`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };
  const call = timed('api', async (actor: Actor, method: 'GET' | 'POST', path: string, body?: unknown) => {
    const response = await api.route(eventAs(actor, method, path, body));
    if (response.statusCode >= 300) throw new Error(`${method} ${path}: ${response.statusCode} ${response.body}`);
  });
  const drive: Drive = {
    visitId,
    call,
    act: (actor, action, body) => call(actor, 'POST', `/visits/${visitId}/${action}`, body),
    waitingAt: (stage) => until(async () => ((await tokens.get(visitId))?.stage === stage ? true : undefined), `a wait at ${stage}`).then(() => undefined),
    alert: (match) => until(() => alerts.published.find(match), 'the alert'),
  };
  let stateTransitions = 0;
  try {
    await scenario.drive(drive);
    const executionArn = localExecutionArn(engine.stateMachineName, visitId);
    const end = await engine.waitForExecution(executionArn);
    if (end.status !== 'SUCCEEDED') throw new Error(`the visit ended ${end.status}`);
    stateTransitions = engine.stateTransitions(executionArn);
    await call(OFFICE, 'GET', '/visits?status=active');
    await call(STAFF, 'GET', `/visits/${visitId}`);
    await Promise.all(streamed);
  } finally {
    await engine.close();
    await dynalite.stop();
  }

  const count = (fn: string) => invocations.filter((invocation) => invocation.fn === fn).length;
  const deliveries = { email: 0, sms: 0, https: 0 };
  for (const message of alerts.published) {
    for (const subscription of trust.config.alerts.subscriptions) if (receives(subscription, message)) deliveries[subscription.protocol] += 1;
  }
  return {
    name: scenario.name,
    invocations,
    stateTransitions,
    readUnits: capacity.read,
    writeUnits: capacity.write,
    requestsByTable: capacity.requests,
    publishes: alerts.published.length,
    deliveries,
    apiRequests: count('api'),
  };
}

// ---- Prices

function price(visit: VisitCount, inits: ReadonlyMap<string, number>): void {
  const byFn = new Map<string, number[]>();
  for (const { fn, ms } of visit.invocations) byFn.set(fn, [...(byFn.get(fn) ?? []), ms]);
  const gbSeconds = visit.invocations.reduce((sum, { ms }) => sum + (Math.ceil(ms) / 1000) * LAMBDA_MEMORY_GB, 0);
  // Lambda bills the INIT phase of on-demand functions too; a quiet trust's visits are mostly cold.
  const coldGbSeconds = visit.invocations.reduce((sum, { fn }) => sum + (Math.ceil(inits.get(fn) ?? 0) / 1000) * LAMBDA_MEMORY_GB, 0);
  const traces = visit.apiRequests + 1;

  const lines: Array<[string, string, number]> = [
    ['Step Functions state transitions', `${visit.stateTransitions}`, visit.stateTransitions * PRICE.stateTransition],
    ['Lambda invocations', `${visit.invocations.length} (${[...byFn].map(([fn, times]) => `${fn} ${times.length}`).join(', ')})`, visit.invocations.length * PRICE.lambdaRequest],
    ['Lambda GB-s at 512 MB, measured durations', gbSeconds.toFixed(3), gbSeconds * PRICE.lambdaArmGbSecond],
    ['DynamoDB write request units', visit.writeUnits.toFixed(1), visit.writeUnits * PRICE.dynamoWriteUnit],
    ['DynamoDB read request units', visit.readUnits.toFixed(1), visit.readUnits * PRICE.dynamoReadUnit],
    ['SNS publishes (alerts)', `${visit.publishes}`, visit.publishes * PRICE.snsPublish],
    [
      'SNS deliveries to the sample trust\'s subscriptions',
      `email ${visit.deliveries.email}, https ${visit.deliveries.https}, sms ${visit.deliveries.sms} (sms not priced)`,
      visit.deliveries.email * PRICE.snsEmailDelivery + visit.deliveries.https * PRICE.snsHttpsDelivery,
    ],
    ['API Gateway REST requests', `${visit.apiRequests}`, visit.apiRequests * PRICE.restApiRequest],
    ['X-Ray traces (one per request and execution)', `${traces}`, traces * PRICE.xrayTrace],
  ];
  const perVisit = lines.reduce((sum, [, , cost]) => sum + cost, 0);
  const coldExtra = coldGbSeconds * PRICE.lambdaArmGbSecond;

  console.log(`  ${visit.name}, counted on the local engine`);
  for (const [what, amount, cost] of lines) line(what, `${amount.padEnd(44)} $${cost.toFixed(6)}`);
  line('DynamoDB requests', Object.entries(visit.requestsByTable).map(([what, n]) => `${what} ×${n}`).join('; '));
  line('per visit (warm Lambdas)', `$${perVisit.toFixed(5)}`);
  line('per visit if every invocation also paid a cold init', `$${(perVisit + coldExtra).toFixed(5)} (+${coldGbSeconds.toFixed(3)} GB-s)`);
  line(`${VISITS.toLocaleString('en-GB')} visits`, `$${(perVisit * VISITS).toFixed(2)} warm, $${((perVisit + coldExtra) * VISITS).toFixed(2)} all cold`);
}

// ---- Helpers

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

function line(what: string, figure: string): void {
  console.log(`  ${what.padEnd(56)} ${figure}`);
}
