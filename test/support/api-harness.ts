import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { HmacVisitPassKey } from '../../functions/adapters/hmac-visit-pass-key';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { MemoryAlertPublisher } from '../../functions/adapters/alert-publisher';
import { DynamoDbEventStore } from '../../functions/adapters/dynamodb-event-store';
import { createEventTable } from '../../functions/adapters/event-table';
import { renderReportPdf } from '../../functions/adapters/report-pdf';
import { MemoryTaskTokenStore } from '../../functions/adapters/task-tokens';
import { MemoryVisitBoard } from '../../functions/adapters/visit-board';
import { createApi, type Api, type ApiDeps, type Log } from '../../functions/api';
import { policyRegistry } from '../../functions/app/policy-registry';
import type { Actor } from '../../functions/core/actor';
import { WORKFLOW_ACTOR } from '../../functions/core/actor';
import { boardSummary } from '../../functions/core/board';
import { buildReportBody, reportCategories } from '../../functions/core/report';
import type { Clock } from '../../functions/core/clock';
import type { Command, WorkflowStepName, CommandOf } from '../../functions/core/commands';
import type { EventStore } from '../../functions/core/event-store';
import { handleCommand, loadVisit, type Handled } from '../../functions/core/handle-command';
import { STAGES, waitingStage } from '../../functions/core/stages';
import { addMinutes } from '../../functions/core/time';
import type { Policy } from '../../functions/core/policy';
import type { Visit } from '../../functions/core/visit-state';
import { eventAs, type ApiEventOptions } from './api-events';
import { startDynalite, type Dynalite } from '../../local/dynalite';
import { uniqueId } from './ids';
import { RecordingWorkflow } from './recording-workflow';
import { demoDuressCodes } from '../../local/auth';
import { ALICE, HEAD } from './actors';
import { policies, T0, visitDetails } from './scenario';
import { reportRoute } from '../../functions/api/routes/report';
import { createAlertLedgerTable } from '../../functions/alerts/alert-ledger';
import { alertPublisher, boardProjector } from '../../local/stream-consumers';
import { LocalTableStream } from '../../local/table-stream';

/**
 * The API over real ports: the DynamoDB event store on dynalite with its table's stream emulated
 * (the alert publisher and the board projector on it, publishing and projecting in memory), the
 * in-memory task token store and board, a
 * recording stand-in for Step Functions and a clock the test moves. Each call and step returns once
 * the stream has delivered what it wrote.
 * Every response is kept so a test can check that none ever carried a task token.
 */

/** Every task token the harness stores starts with this, so a leak is easy to find. */
export const TOKEN_MARK = 'TASK-TOKEN-SECRET';

export class TestClock implements Clock {
  constructor(public current: string = T0) {}
  now(): Date {
    return new Date(this.current);
  }
  advance(minutes: number): void {
    this.current = addMinutes(this.current, minutes);
  }
}

export interface Reply {
  readonly status: number;
  readonly body: any;
  readonly raw: APIGatewayProxyResult;
}

export interface ApiHarness {
  readonly api: Api;
  /** What the API was built from, to build a variant (another store, say). */
  readonly deps: ApiDeps;
  readonly store: EventStore;
  /** The event table under the store, for tests that reach past the adapter (tampering with an item). */
  readonly eventTable: { readonly client: DynamoDBClient; readonly tableName: string };
  readonly tokens: MemoryTaskTokenStore;
  readonly alerts: MemoryAlertPublisher;
  readonly workflow: RecordingWorkflow;
  readonly board: MemoryVisitBoard;
  readonly clock: TestClock;
  readonly responses: APIGatewayProxyResult[];
  readonly logs: Parameters<Log>[0][];
  call(actor: Actor | null, method: ApiEventOptions['method'], path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply>;
  /** Store a waiting task for the stage the visit is in now, as the workflow would; returns its token. */
  arm(visitId: string): Promise<string | undefined>;
  /** A workflow step on the visit (the step handlers' job on AWS). */
  step<K extends WorkflowStepName>(visitId: string, name: K, body: CommandOf<K>['body']): Promise<Handled>;
  /** The visit's events as stored. */
  streamLength(visitId: string): Promise<number>;
  visit(visitId: string): Promise<Visit>;
  /** Project the visit's board line from its current state (visit-service does it once wired). */
  project(visitId: string): Promise<void>;
  stop(): Promise<void>;
}

let sharedDynalite: Promise<Dynalite> | undefined;
let users = 0;

/**
 * @param options.policies the policies the API runs under
 * @default the sample trust's
 */
export async function startApiHarness(options: { readonly policies?: Iterable<Policy> } = {}): Promise<ApiHarness> {
  users += 1;
  const dynalite = await (sharedDynalite ??= startDynalite());
  const tableName = uniqueId('api-events');
  await createEventTable(dynalite.client, tableName);
  const store = new DynamoDbEventStore({ client: dynalite.client, tableName });
  const tokens = new MemoryTaskTokenStore();
  const alerts = new MemoryAlertPublisher();
  const workflow = new RecordingWorkflow();
  const board = new MemoryVisitBoard();
  const clock = new TestClock();
  const registry = policyRegistry(options.policies ?? policies.values());
  const responses: APIGatewayProxyResult[] = [];
  const logs: Parameters<Log>[0][] = [];
  let tokenSeq = 0;
  let stepSeq = 0;

  const deps: ApiDeps = {
    store,
    tokens,
    signals: workflow,
    starter: workflow,
    clock,
    policies: registry,
    board,
    duress: await demoDuressCodes(),
    passKey: new HmacVisitPassKey(),
    logger: (entry) => logs.push(entry),
    renderPdf: renderReportPdf,
    reportRoute,
  };
  const api = createApi(deps);
  const ledger = { client: dynalite.client, tableName: `${tableName}-ledger` };
  await createAlertLedgerTable(ledger.client, ledger.tableName);
  const stream = await LocalTableStream.start({
    client: dynalite.client,
    tableName,
    checkpointTable: `${tableName}-checkpoints`,
    consumers: [
      alertPublisher({ store, policies: registry, topic: alerts, ledger, clock, log: () => undefined }),
      boardProjector({ store, board, policies: registry, log: () => undefined }),
    ],
    log: () => undefined,
  });

  async function visit(visitId: string): Promise<Visit> {
    const { state } = await loadVisit(store, visitId);
    if (state.status === 'none') throw new Error(`no visit ${visitId}`);
    return state;
  }

  return {
    api,
    deps,
    store,
    eventTable: { client: dynalite.client, tableName },
    tokens,
    alerts,
    workflow,
    board,
    clock,
    responses,
    logs,
    async call(actor, method, path, body, headers) {
      const raw = await api.route(eventAs(actor, method, path, body, headers));
      responses.push(raw);
      await stream.idle();
      return { status: raw.statusCode, body: raw.body ? JSON.parse(raw.body) : undefined, raw };
    },
    async arm(visitId) {
      const current = await visit(visitId);
      const stage = waitingStage(current);
      if (!stage) return undefined;
      const token = `${TOKEN_MARK}-${++tokenSeq}-${'x'.repeat(40)}`;
      await tokens.put({ visitId, token, stage, accepts: [...STAGES[stage].accepts], storedAt: clock.current });
      return token;
    },
    async step(visitId, name, body) {
      const current = await visit(visitId);
      const policy = registry.version(current.policy.schoolId, current.policy.version);
      if (!policy) throw new Error('no policy');
      const command = { name, body, meta: { commandId: `${name}:step-${++stepSeq}`, actor: WORKFLOW_ACTOR, now: clock.current } } as Command;
      const handled = await handleCommand(store, visitId, command, policy);
      await stream.idle();
      return handled;
    },
    async streamLength(visitId) {
      return (await store.read(visitId)).length;
    },
    visit,
    async project(visitId) {
      const { events, state } = await loadVisit(store, visitId);
      if (state.status === 'none') return;
      const policy = registry.version(state.policy.schoolId, state.policy.version);
      if (policy) await board.project(boardSummary(state, policy, events[events.length - 1]?.meta.recordedAt));
    },
    async stop() {
      await stream.close();
      users -= 1;
      if (users === 0 && sharedDynalite) {
        const running = sharedDynalite;
        sharedDynalite = undefined;
        await (await running).stop();
      }
    },
  };
}

export type Milestone = 'requested' | 'authorised' | 'ready' | 'travelling' | 'at-door' | 'in-home' | 'returning' | 'returned' | 'closed' | 'filed';

const ORDER: readonly Milestone[] = ['requested', 'authorised', 'ready', 'travelling', 'at-door', 'in-home', 'returning', 'returned', 'closed', 'filed'];

export const ENTER_BODY = {
  peoplePresent: [{ name: 'Pat Parent', relationship: 'parent' }],
  invitedIn: true,
  animals: 'none',
  unsafeIndicators: [],
  // The fixture's pair, both at the door (a pair visit goes in only when both are named).
  staffPresent: ['staff-alice', 'staff-bob'],
} as const;

/**
 * A fresh visit at `hunsbury-park` (or `schoolId`), taken through the API to `until`: each action
 * by the people the policy expects, the workflow's steps run directly, a waiting task armed before
 * each signalled action as the workflow would. Throws (never asserts) when a step is refused.
 */
export async function driveVisit(
  h: ApiHarness,
  until: Milestone,
  options: { visitId?: string; schoolId?: string; details?: Record<string, unknown>; staff?: Actor; authoriser?: Actor } = {},
): Promise<string> {
  const visitId = options.visitId ?? uniqueId('visit');
  const staff = options.staff ?? ALICE;
  const authoriser = options.authoriser ?? HEAD;
  const reached = (milestone: Milestone) => ORDER.indexOf(until) < ORDER.indexOf(milestone);
  const must = async (reply: Promise<Reply> | Promise<Handled>, what: string) => {
    const result = await reply;
    const ok = 'status' in result ? result.status < 300 : result.ok;
    if (!ok) throw new Error(`driveVisit: ${what} refused: ${JSON.stringify('status' in result ? result.body : result)}`);
  };
  const act = async (actor: Actor, action: string, body: unknown = {}) => {
    await h.arm(visitId);
    await must(h.call(actor, 'POST', `/visits/${visitId}/${action}`, body), action);
  };

  await must(
    h.call(staff, 'POST', '/visits', { visitId, details: { ...visitDetails(options.schoolId ?? 'hunsbury-park'), ...options.details } }),
    'request',
  );
  if (reached('authorised')) return visitId;
  await act(authoriser, 'authorise');
  if (reached('ready')) return visitId;
  await must(h.step(visitId, 'assess-risk', {}), 'assess-risk');
  if (reached('travelling')) return visitId;
  await act(staff, 'depart');
  if (reached('at-door')) return visitId;
  await act(staff, 'arrive');
  if (reached('in-home')) return visitId;
  await act(staff, 'enter', ENTER_BODY);
  if (reached('returning')) return visitId;
  await act(staff, 'leave', { notes: { signatures: { parent: true, officer: true } } });
  if (reached('returned')) return visitId;
  await act(staff, 'return');
  if (reached('closed')) return visitId;
  await must(h.step(visitId, 'close', {}), 'close');
  if (reached('filed')) return visitId;
  // What the workflow's FileReport step files: the report built from the closed visit.
  const closed = await h.visit(visitId);
  if (closed.status !== 'closed') throw new Error(`driveVisit: the visit is ${closed.status}, not closed`);
  const policy = h.deps.policies.version(closed.policy.schoolId, closed.policy.version);
  if (!policy) throw new Error(`driveVisit: no policy ${closed.policy.schoolId} ${closed.policy.version}`);
  await must(
    h.step(visitId, 'file-report', { reportId: `report-${visitId}`, categories: reportCategories(closed, policy), body: buildReportBody(closed, policy) }),
    'file-report',
  );
  return visitId;
}
