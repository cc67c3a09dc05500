import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { ApiProblem } from '../shared/api';

/**
 * Where the phone keeps what a member of staff did while it could not reach the API: IndexedDB, so
 * it survives a dead zone, a closed tab and a restart. Each action keeps the Idempotency-Key and the
 * claimed time it was given when the button was pressed, so sending it again (after a lost answer)
 * is answered as the first attempt and writes nothing twice.
 */

export interface QueuedAction {
  /** Order of pressing: the outbox sends in this order. Given by IndexedDB. */
  readonly seq?: number;
  /** The Idempotency-Key: the same on every attempt. */
  readonly key: string;
  readonly visitId: string;
  readonly action: string;
  readonly body: unknown;
  /** When the button was pressed, in the server's clock (X-Claimed-At). */
  readonly claimedAt: string;
  /** Who pressed it: only they send it. */
  readonly userId: string;
  readonly userName: string;
  /** Why the last attempt did not get through, for the person to read. */
  readonly lastFailure?: string;
}

/**
 * An action the server answered with a refusal: kept, with its words, until the person has read it.
 * Without its body: a check-in's code has no business staying on the phone once it was answered.
 */
export interface RejectedAction extends Omit<QueuedAction, 'seq' | 'body' | 'lastFailure'> {
  readonly problem: ApiProblem;
}

interface OutboxDb extends DBSchema {
  pending: { key: number; value: QueuedAction };
  rejected: { key: string; value: RejectedAction };
}

const NAME = 'home-visits-outbox';

let opened: Promise<IDBPDatabase<OutboxDb>> | undefined;

function db(): Promise<IDBPDatabase<OutboxDb>> {
  opened ??= openDB<OutboxDb>(NAME, 1, {
    upgrade(database) {
      database.createObjectStore('pending', { keyPath: 'seq', autoIncrement: true });
      database.createObjectStore('rejected', { keyPath: 'key' });
    },
    // Another tab upgrading the database: let it, and open again on the next call.
    blocking() {
      void opened?.then((open) => open.close());
      opened = undefined;
    },
  }).catch((error: unknown) => {
    opened = undefined;
    throw error;
  });
  return opened;
}

/** Everything waiting to be sent, in the order it was pressed. */
export async function pendingActions(): Promise<QueuedAction[]> {
  return (await db()).getAll('pending');
}

export async function rejectedActions(): Promise<RejectedAction[]> {
  return (await db()).getAll('rejected');
}

export async function enqueue(action: Omit<QueuedAction, 'seq'>): Promise<void> {
  await (await db()).add('pending', action);
}

export async function markFailure(seq: number, failure: string): Promise<void> {
  const database = await db();
  const tx = database.transaction('pending', 'readwrite');
  const item = await tx.store.get(seq);
  if (item) await tx.store.put({ ...item, lastFailure: failure });
  await tx.done;
}

/** The server recorded it: it leaves the queue. */
export async function remove(seq: number): Promise<void> {
  await (await db()).delete('pending', seq);
}

/** The server refused it: it leaves the queue for the list the person is shown, in one transaction. */
export async function moveToRejected(seq: number, problem: ApiProblem): Promise<void> {
  const database = await db();
  const tx = database.transaction(['pending', 'rejected'], 'readwrite');
  const item = await tx.objectStore('pending').get(seq);
  if (item) {
    const { key, visitId, action, claimedAt, userId, userName } = item;
    await tx.objectStore('rejected').put({ key, visitId, action, claimedAt, userId, userName, problem });
    await tx.objectStore('pending').delete(seq);
  }
  await tx.done;
}

/** The person has read why the server did not accept it. */
export async function dismissRejected(key: string): Promise<void> {
  await (await db()).delete('rejected', key);
}
