import { GetItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { whenAvailable } from './dependency-unavailable';

/**
 * Staff check-in codes: each member of staff's duress code (the seeds' agreed code word, as a
 * check-in code) and, where a school's policy asks for a code with every check-in, their ordinary
 * one. Only salted scrypt hashes are ever stored; a code is compared and dropped.
 */
export interface DuressCodes {
  /**
   * Which of the member of staff's codes `code` is. Both are always derived, so the answer takes as
   * long whichever it is: whoever holds the phone cannot time a duress code apart from the other.
   */
  check(userId: string, code: string): Promise<CodeVerdict>;
}

/** `ordinary`: their own check-in code; `duress`: their duress code; `neither`: anything else. */
export type CodeVerdict = 'ordinary' | 'duress' | 'neither';

export interface DuressCodeHash {
  readonly salt: string;
  readonly hash: string;
}

/** A member of staff's stored codes: the duress code always, the ordinary check-in code where enrolled. */
export interface StaffCodeHashes {
  readonly duress: DuressCodeHash;
  readonly ordinary?: DuressCodeHash;
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

/** Stands in for an ordinary code nobody enrolled: derived like one, so the time is the same, and matched by no code. */
const NO_CODE: DuressCodeHash = { salt: Buffer.alloc(16).toString('base64'), hash: Buffer.alloc(KEY_LENGTH).toString('base64') };

/** The verdict on `code` against stored hashes (none stored: `neither`, after the same work). */
export async function verdictOf(code: string, stored: StaffCodeHashes | undefined): Promise<CodeVerdict> {
  const [duress, ordinary] = await Promise.all([matchesDuressCode(code, stored?.duress ?? NO_CODE), matchesDuressCode(code, stored?.ordinary ?? NO_CODE)]);
  if (stored && duress) return 'duress';
  return stored?.ordinary && ordinary ? 'ordinary' : 'neither';
}

export class MemoryDuressCodes implements DuressCodes {
  constructor(private readonly hashes: ReadonlyMap<string, StaffCodeHashes>) {}
  check(userId: string, code: string): Promise<CodeVerdict> {
    return verdictOf(code, this.hashes.get(userId));
  }
}

/**
 * Items { userId (S), salt (S), hash (S) } for the duress code, with { ordinarySalt (S),
 * ordinaryHash (S) } where the ordinary check-in code is enrolled, written by the trust's admin tooling.
 */
export class DynamoDbDuressCodes implements DuressCodes {
  constructor(private readonly options: { client: DynamoDBClient; tableName: string }) {}
  async check(userId: string, code: string): Promise<CodeVerdict> {
    const { Item } = await whenAvailable(`duress code table ${this.options.tableName}`, () =>
      this.options.client.send(new GetItemCommand({ TableName: this.options.tableName, Key: { userId: { S: userId } } })),
    );
    const hashOf = (salt: string | undefined, hash: string | undefined): DuressCodeHash | undefined => (salt && hash ? { salt, hash } : undefined);
    const duress = hashOf(Item?.salt?.S, Item?.hash?.S);
    const ordinary = hashOf(Item?.ordinarySalt?.S, Item?.ordinaryHash?.S);
    return verdictOf(code, duress ? { duress, ...(ordinary ? { ordinary } : {}) } : undefined);
  }
}
