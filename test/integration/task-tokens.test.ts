import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTaskTokenTable, DynamoDbTaskTokenStore } from '../../functions/adapters/task-tokens';
import { startDynalite, type Dynalite } from '../../local/dynalite';
import { uniqueId } from '../support/ids';

let dynalite: Dynalite;
let tokens: DynamoDbTaskTokenStore;
beforeAll(async () => {
  dynalite = await startDynalite();
  const tableName = uniqueId('tokens');
  await createTaskTokenTable(dynalite.client, tableName);
  tokens = new DynamoDbTaskTokenStore({ client: dynalite.client, tableName });
});
afterAll(() => dynalite.stop());

describe('the task-token store on DynamoDB', () => {
  it('lets exactly one of many concurrent callers take a token', async () => {
    await tokens.put({ visitId: 'v-1', token: 't-1', stage: 'travelling', accepts: ['arrive'], storedAt: '2026-11-23T09:30:00.000Z' });
    const takes = await Promise.all(Array.from({ length: 8 }, () => tokens.take('v-1', 't-1')));
    expect(takes.filter(Boolean)).toHaveLength(1);
    expect(await tokens.get('v-1')).toBeUndefined();
  });

  it('never takes a newer wait’s token with an old one', async () => {
    await tokens.put({ visitId: 'v-2', token: 'old', stage: 'travelling', accepts: ['arrive'], storedAt: '2026-11-23T09:30:00.000Z' });
    await tokens.put({ visitId: 'v-2', token: 'new', stage: 'at-the-door', accepts: ['enter'], storedAt: '2026-11-23T09:31:00.000Z' });
    expect(await tokens.take('v-2', 'old')).toBe(false);
    expect(await tokens.get('v-2')).toMatchObject({ token: 'new', stage: 'at-the-door' });
  });
});
