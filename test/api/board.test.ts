import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateTableCommand, DynamoDBClient, PutItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import {
  BOARD_ACTIVE,
  BOARD_OPEN,
  BOARD_OPEN_INDEX,
  OPEN_SHARDS,
  openShardOf,
  BOARD_SCHOOL_ID,
  BOARD_STATUS,
  BOARD_SUMMARY,
  BOARD_VERSION,
  BOARD_VISIT_ID,
  createBoardTable,
  DynamoDbVisitBoard,
  MemoryVisitBoard,
  type VisitBoard,
} from '../../functions/adapters/visit-board';
import { boardSummary, type BoardSummary } from '../../functions/core/board';
import { ALICE, DSL, HEAD, OFFICE } from '../support/actors';
import { startDynalite, type Dynalite } from '../../local/dynalite';
import { uniqueId } from '../support/ids';
import { scenario } from '../support/scenario';

describe('boardSummary', () => {
  it('shows a visit out in the home: active, its staff by name, the next check-in due', () => {
    const s = scenario('hunsbury-park').readyToGo().departed().arrived().entered();

    const line = boardSummary(s.visit, s.policy, s.now);

    expect(line).toMatchObject({
      visitId: 'visit-0001',
      schoolId: 'hunsbury-park',
      status: 'in-home',
      active: true,
      stage: 'in-home',
      staff: ['Alice Officer', 'Bob Worker'],
      nextDeadline: { kind: 'check-in' },
      escalationLevel: 0,
      openAlerts: 0,
      version: s.visit.version,
      updatedAt: s.now,
    });
    expect(JSON.stringify(line)).not.toContain('Sam Pupil');
  });

  it('shows an overdue check-in at its escalation level, and the next escalation as the deadline', () => {
    const s = scenario('hunsbury-park').readyToGo().departed();
    s.after(s.policy.checkIns.intervalMinutes + 1).step('deadline-passed', { kind: 'check-in' });

    const line = boardSummary(s.visit, s.policy);

    expect(line.openAlerts).toBe(1);
    expect(line.escalationLevel).toBe(1);
    expect(line.nextDeadline?.kind).toBe('escalation');
  });

  it('shows a visit waiting for authorisation as active, and a filed one as finished', () => {
    const waiting = scenario('hunsbury-park').requested();
    const declined = scenario('hunsbury-park').requested();
    declined.ok('decline', { reason: 'Invite the family in instead.' }, HEAD);
    const ended = boardSummary(declined.visit, declined.policy);
    declined.step('close', {});
    declined.step('file-report', { reportId: 'report-1', categories: [], body: {} });

    expect(boardSummary(waiting.visit, waiting.policy)).toMatchObject({ active: true, stage: 'awaiting-authorisation' });
    // Declined: the workflow closes it next (stages.ts), then files its report.
    expect(ended).toMatchObject({ active: false, stage: 'closing', status: 'ended' });
    expect(boardSummary(declined.visit, declined.policy)).toMatchObject({ active: false, stage: 'finished', status: 'filed' });
  });

  it('carries what the office acts on: the staff\'s user ids, the planned visit, and each open alert with who has it', () => {
    const s = scenario('hunsbury-park').readyToGo().departed();
    s.after(10).ok('panic', {}, ALICE);
    const panicAt = s.now;
    s.after(s.policy.checkIns.intervalMinutes).step('deadline-passed', { kind: 'check-in' });
    const [panic, overdue] = s.visit.alerts;
    s.after(2).ok('acknowledge', { alertId: panic!.alertId }, { ...OFFICE, name: 'Olu Office' });
    const acknowledgedAt = s.now;
    s.after(1).ok('acknowledge', { alertId: overdue!.alertId }, DSL);
    s.ok('resolve-alert', { alertId: overdue!.alertId, reason: 'Alice called back.' }, DSL);

    const line = boardSummary(s.visit, s.policy);

    expect(line.staffIds).toEqual(['staff-alice', 'staff-bob']);
    expect(line.appointment).toEqual({ start: s.visit.details.plannedStartAt, end: s.visit.details.expectedReturnAt });
    // The resolved alert is gone; the acknowledged panic is still open, and says who has it.
    expect(line.alerts).toEqual([
      { alertId: panic!.alertId, kind: 'panic', level: 0, raisedAt: panicAt, acknowledgedBy: 'Olu Office', acknowledgedAt },
    ]);
    expect(line.openAlerts).toBe(1);
    expect(JSON.stringify(line)).not.toMatch(/Sam Pupil|Example Road/);
  });

  it('names who has an alert by user id where their identity gave no name', () => {
    const s = scenario('hunsbury-park').readyToGo().departed();
    s.ok('panic', {}, ALICE);
    s.ok('acknowledge', { alertId: s.visit.alerts[0]!.alertId }, OFFICE);

    expect(boardSummary(s.visit, s.policy).alerts).toEqual([expect.objectContaining({ kind: 'panic', acknowledgedBy: 'office-olu' })]);
  });

  it('shows a panic as an open alert even after the staff are back', () => {
    const s = scenario('hunsbury-park').readyToGo().departed();
    s.ok('panic', {}, ALICE);
    s.ok('arrive', {}, ALICE);

    expect(boardSummary(s.visit, s.policy)).toMatchObject({ openAlerts: 1, active: true });
  });
});

const line = (overrides: Partial<BoardSummary>): BoardSummary => ({
  visitId: 'visit-0001',
  schoolId: 'hunsbury-park',
  status: 'travelling',
  active: true,
  staff: ['Alice Officer'],
  staffIds: ['staff-alice'],
  appointment: { start: '2026-11-23T09:30:00.000Z', end: '2026-11-23T11:30:00.000Z' },
  stage: 'travelling',
  escalationLevel: 0,
  openAlerts: 0,
  alerts: [],
  version: 4,
  updatedAt: '2026-11-23T09:30:00.000Z',
  ...overrides,
});

let dynalite: Dynalite;
beforeAll(async () => {
  dynalite = await startDynalite();
});
afterAll(async () => {
  await dynalite.stop();
});

describe.each([
  ['in memory', async (): Promise<VisitBoard> => new MemoryVisitBoard()],
  [
    'on DynamoDB (dynalite)',
    async (): Promise<VisitBoard> => {
      const tableName = uniqueId('board');
      await createBoardTable(dynalite.client, tableName);
      return new DynamoDbVisitBoard({ client: dynalite.client, tableName });
    },
  ],
])('VisitBoard %s', (_name, makeBoard) => {
  it('keeps the newest version and ignores a stale or repeated projection', async () => {
    const board = await makeBoard();

    await board.project(line({ version: 5, status: 'at-door', stage: 'at-the-door' }));
    await board.project(line({ version: 4, status: 'travelling' }));
    await board.project(line({ version: 5, status: 'travelling' }));

    expect(await board.list()).toEqual([line({ version: 5, status: 'at-door', stage: 'at-the-door' })]);
  });

  it('filters by school and by active or status, most urgent first', async () => {
    const board = await makeBoard();
    const quiet = line({ visitId: 'visit-quiet', nextDeadline: { kind: 'check-in', at: '2026-11-23T11:30:00.000Z' } });
    const soon = line({ visitId: 'visit-soon', nextDeadline: { kind: 'check-in', at: '2026-11-23T10:00:00.000Z' } });
    const loud = line({ visitId: 'visit-loud', escalationLevel: 2, openAlerts: 1 });
    const done = line({ visitId: 'visit-done', status: 'filed', active: false, stage: 'finished' });
    const elsewhere = line({ visitId: 'visit-elsewhere', schoolId: 'birchwood' });
    for (const summary of [quiet, done, soon, elsewhere, loud]) await board.project(summary);

    expect((await board.list({ status: 'active', schoolId: 'hunsbury-park' })).map((s) => s.visitId)).toEqual([
      'visit-loud',
      'visit-soon',
      'visit-quiet',
    ]);
    expect((await board.list({ status: 'filed' })).map((s) => s.visitId)).toEqual(['visit-done']);
    expect((await board.list({ status: 'active' })).map((s) => s.visitId)).toContain('visit-elsewhere');
    expect(await board.list({ schoolId: 'nowhere' })).toEqual([]);
  });

  it('filters by the staff named on a line, with or without a status', async () => {
    const board = await makeBoard();
    await board.project(line({ visitId: 'visit-alice' }));
    await board.project(line({ visitId: 'visit-pair', staff: ['Alice Officer', 'Bob Worker'], staffIds: ['staff-alice', 'staff-bob'] }));
    await board.project(line({ visitId: 'visit-bob', staff: ['Bob Worker'], staffIds: ['staff-bob'] }));
    await board.project(line({ visitId: 'visit-bob-filed', staff: ['Bob Worker'], staffIds: ['staff-bob'], status: 'filed', active: false, stage: 'finished' }));

    expect((await board.list({ staffId: 'staff-alice' })).map((s) => s.visitId).sort()).toEqual(['visit-alice', 'visit-pair']);
    expect((await board.list({ staffId: 'staff-bob' })).map((s) => s.visitId).sort()).toEqual(['visit-bob', 'visit-bob-filed', 'visit-pair']);
    expect((await board.list({ staffId: 'staff-bob', status: 'active' })).map((s) => s.visitId).sort()).toEqual(['visit-bob', 'visit-pair']);
    expect(await board.list({ staffId: 'staff-carol' })).toEqual([]);
  });

  it('lists the unfinished visits, by school too; a visit leaves that list when its report is filed', async () => {
    const board = await makeBoard();
    await board.project(line({ visitId: 'visit-out' }));
    await board.project(line({ visitId: 'visit-away', schoolId: 'birchwood' }));
    await board.project(line({ visitId: 'visit-closing', version: 9, status: 'closed', active: false, stage: 'finished' }));
    await board.project(line({ visitId: 'visit-closing', version: 10, status: 'filed', active: false, stage: 'finished' }));

    expect((await board.unfinished()).map((s) => s.visitId).sort()).toEqual(['visit-away', 'visit-out']);
    expect((await board.unfinished({ schoolId: 'birchwood' })).map((s) => s.visitId)).toEqual(['visit-away']);
    expect((await board.list({ status: 'closed' })).map((s) => s.visitId)).toEqual([]);
    expect((await board.list({ status: 'filed' })).map((s) => s.visitId)).toEqual(['visit-closing']);
  });

  it('keeps a filed visit on the open board while a panic pressed after filing is unanswered', async () => {
    const board = await makeBoard();
    await board.project(line({ visitId: 'visit-after', version: 10, status: 'filed', active: false, stage: 'finished' }));
    await board.project(line({ visitId: 'visit-after', version: 11, status: 'filed', active: true, stage: 'finished', openAlerts: 1 }));

    expect((await board.list({ status: 'active' })).map((s) => s.visitId)).toEqual(['visit-after']);
    expect((await board.unfinished()).map((s) => s.visitId)).toEqual(['visit-after']);

    await board.project(line({ visitId: 'visit-after', version: 13, status: 'filed', active: false, stage: 'finished' }));
    expect(await board.list({ status: 'active' })).toEqual([]);
  });

  it('refuses a line that does not match the schema', async () => {
    const board = await makeBoard();

    await expect(board.project({ ...line({}), version: 0 })).rejects.toThrow();
  });
});

describe('the office board on DynamoDB', () => {
  it('answers "who is out" from the sparse index of unfinished visits, never a scan of every visit', async () => {
    const tableName = uniqueId('board');
    await createBoardTable(dynalite.client, tableName);
    const board = new DynamoDbVisitBoard({ client: dynalite.client, tableName });
    for (let i = 0; i < 5; i++) await board.project(line({ visitId: `visit-filed-${i}`, status: 'filed', active: false, stage: 'finished' }));
    await board.project(line({ visitId: 'visit-out' }));
    const sent: Array<{ command: string; index?: string }> = [];
    const client = new DynamoDBClient({ endpoint: dynalite.endpoint, region: 'eu-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { IndexName?: string };
        sent.push({ command: context.commandName ?? '', ...(input.IndexName ? { index: input.IndexName } : {}) });
        return next(args);
      },
      { step: 'initialize' },
    );
    const observed = new DynamoDbVisitBoard({ client, tableName });

    const active = await observed.list({ status: 'active' });
    const everything = await observed.list();

    expect(active.map((s) => s.visitId)).toEqual(['visit-out']);
    expect(everything).toHaveLength(6);
    // One query a shard of the open index, and the lines from before the shards; the scan is the unfiltered list's.
    expect(sent).toEqual([...Array.from({ length: OPEN_SHARDS + 1 }, () => ({ command: 'QueryCommand', index: BOARD_OPEN_INDEX })), { command: 'ScanCommand' }]);
    client.destroy();
  });

  it('spreads the open index over OPEN_SHARDS partition keys, and pages through every open line once from any shard', async () => {
    const tableName = uniqueId('board');
    await createBoardTable(dynalite.client, tableName);
    const board = new DynamoDbVisitBoard({ client: dynalite.client, tableName });
    const ids = Array.from({ length: 40 }, (_, i) => `visit-${i}`);
    for (const visitId of ids) await board.project(line({ visitId }));
    await board.project(line({ visitId: 'visit-filed', status: 'filed', active: false, stage: 'finished' }));

    const { Items = [] } = await dynalite.client.send(new ScanCommand({ TableName: tableName }));
    const keys = new Set(Items.map((item) => item[BOARD_OPEN]?.S).filter((key) => key !== undefined));
    expect(keys.size).toBeGreaterThan(OPEN_SHARDS / 2);
    for (const key of keys) expect(key).toMatch(new RegExp(`^open#[0-${OPEN_SHARDS - 1}]$`));
    for (const firstShard of [0, 5]) {
      const pages: string[][] = [];
      for await (const page of board.unfinishedPages({ pageSize: 3, firstShard })) pages.push(page.map((l) => l.visitId));
      expect(pages.every((page) => page.length <= 3)).toBe(true);
      expect(pages.flat().sort()).toEqual([...ids].sort());
      // Shard by shard from the first asked for.
      const turns = pages.flat().map((visitId) => (openShardOf(visitId) - firstShard + OPEN_SHARDS) % OPEN_SHARDS);
      expect(turns).toEqual([...turns].sort((a, b) => a - b));
    }
  });

  it('reads a line stored before staffIds, appointment and alerts existed (tolerant on read)', async () => {
    const tableName = uniqueId('board');
    await createBoardTable(dynalite.client, tableName);
    const { staffIds: _ids, appointment: _appointment, alerts: _alerts, ...stored } = line({ visitId: 'visit-old', openAlerts: 1 });
    await dynalite.client.send(
      new PutItemCommand({
        TableName: tableName,
        Item: {
          [BOARD_SCHOOL_ID]: { S: stored.schoolId },
          [BOARD_VISIT_ID]: { S: stored.visitId },
          [BOARD_VERSION]: { N: String(stored.version) },
          [BOARD_STATUS]: { S: stored.status },
          [BOARD_ACTIVE]: { BOOL: stored.active },
          [BOARD_SUMMARY]: { S: JSON.stringify(stored) },
          [BOARD_OPEN]: { S: 'open' },
        },
      }),
    );
    const board = new DynamoDbVisitBoard({ client: dynalite.client, tableName });

    const [read] = await board.list();
    const [open] = await board.unfinished();

    expect(read).toEqual({ ...stored, staffIds: [], alerts: [] });
    expect(read!.appointment).toBeUndefined();
    expect(open).toEqual(read);
    expect(await board.list({ staffId: 'staff-alice' })).toEqual([]);
  });

  it('rebuilds a board table made before the index existed, keeping its lines', async () => {
    const tableName = uniqueId('board');
    await dynalite.client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [{ AttributeName: BOARD_SCHOOL_ID, KeyType: 'HASH' }, { AttributeName: BOARD_VISIT_ID, KeyType: 'RANGE' }],
        AttributeDefinitions: [{ AttributeName: BOARD_SCHOOL_ID, AttributeType: 'S' }, { AttributeName: BOARD_VISIT_ID, AttributeType: 'S' }],
      }),
    );
    const old = new DynamoDbVisitBoard({ client: dynalite.client, tableName });
    await old.project(line({ visitId: 'visit-out' }));
    await old.project(line({ visitId: 'visit-done', status: 'filed', active: false, stage: 'finished' }));

    await createBoardTable(dynalite.client, tableName);

    expect((await old.unfinished()).map((s) => s.visitId)).toEqual(['visit-out']);
    expect(await old.list()).toHaveLength(2);
  });
});
