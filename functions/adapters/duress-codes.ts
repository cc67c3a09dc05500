import { GetItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { whenAvailable } from './dependency-unavailable';

/**
 * Staff duress codes (the seeds' agreed code word, as a check-in code). Only a salted scrypt hash
 * is ever stored; the code itself is compared and dropped.
 */
export interface DuressCodes {
  isDuress(userId: string, code: string): Promise<boolean>;
}

export interface DuressCodeHash {
  readonly salt: string;
  readonly hash: string;
}

const derive = promisify(scrypt) as (code: string, salt: Buffer, length: number) => Promise<Buffer>;
const KEY_LENGTH = 32;

export async function hashDuressCode(code: string): Promise<DuressCodeHash> {
  const salt = randomBytes(16);
  return { salt: salt.toString('base64'), hash: (await derive(code, salt, KEY_LENGTH)).toString('base64') };
}

export async function matchesDuressCode(code: string, stored: DuressCodeHash): Promise<boolean> {
  const expected = Buffer.from(stored.hash, 'base64');
  const actual = await derive(code, Buffer.from(stored.salt, 'base64'), expected.length);
  return timingSafeEqual(actual, expected);
}

export class MemoryDuressCodes implements DuressCodes {
  constructor(private readonly hashes: ReadonlyMap<string, DuressCodeHash>) {}
  async isDuress(userId: string, code: string): Promise<boolean> {
    const stored = this.hashes.get(userId);
    return stored ? matchesDuressCode(code, stored) : false;
  }
}

/** Items { userId (S), salt (S), hash (S) }, written by the trust's admin tooling. */
export class DynamoDbDuressCodes implements DuressCodes {
  constructor(private readonly options: { client: DynamoDBClient; tableName: string }) {}
  async isDuress(userId: string, code: string): Promise<boolean> {
    const { Item } = await whenAvailable(`duress code table ${this.options.tableName}`, () =>
      this.options.client.send(new GetItemCommand({ TableName: this.options.tableName, Key: { userId: { S: userId } } })),
    );
    const salt = Item?.salt?.S;
    const hash = Item?.hash?.S;
    return salt && hash ? matchesDuressCode(code, { salt, hash }) : false;
  }
}
