import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { LocalSfnApiError } from './errors';
import type { JsonValue } from './json';

/** What a waiting callback task does when its token is signalled. */
export interface WaitingCallback {
  succeed(output: JsonValue): void;
  fail(error: string, cause: string): void;
  heartbeat(): void;
}

const ID_BYTES = 32;
const MAC_BYTES = 16;

/**
 * Task tokens: unguessable (random), and signed, so that a token this engine issued and that no
 * longer waits (answered, timed out, execution stopped) answers TaskTimedOut like AWS, while
 * anything else answers InvalidToken, without remembering every token ever issued.
 */
export class TaskTokens {
  private readonly secret = randomBytes(32);
  private readonly waiting = new Map<string, WaitingCallback>();

  issue(): string {
    const id = randomBytes(ID_BYTES);
    return Buffer.concat([id, this.mac(id)]).toString('base64url');
  }

  /** Registers the task behind a token; returns the function that retires the token. */
  register(token: string, callback: WaitingCallback): () => void {
    this.waiting.set(token, callback);
    return () => this.waiting.delete(token);
  }

  /** The waiting task, or the error SendTask* answers when there is none. */
  waiter(token: string): WaitingCallback {
    const callback = this.waiting.get(token);
    if (callback) return callback;
    if (this.issuedHere(token)) throw new LocalSfnApiError('TaskTimedOut', 'Task Timed Out: Provided task does not exist anymore');
    throw new LocalSfnApiError('InvalidToken', 'Invalid Token: the task token was not issued by this state machine');
  }

  get waitingCount(): number {
    return this.waiting.size;
  }

  private issuedHere(token: string): boolean {
    const bytes = Buffer.from(token, 'base64url');
    if (bytes.length !== ID_BYTES + MAC_BYTES || bytes.toString('base64url') !== token) return false;
    return timingSafeEqual(bytes.subarray(ID_BYTES), this.mac(bytes.subarray(0, ID_BYTES)));
  }

  private mac(id: Buffer): Buffer {
    return createHmac('sha256', this.secret).update(id).digest().subarray(0, MAC_BYTES);
  }
}
