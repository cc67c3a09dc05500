import { GetItemCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { z } from 'zod';
import { whenAvailable } from '../adapters/dependency-unavailable';
import { FIRST_VERSION, STREAM_ID } from '../adapters/event-table';
import type { HeldAppend } from './alert-ledger';
import { AppendHeldError, createAppendDelivery, createStreamPublisher, type StreamPublisherDeps } from './stream-publisher';

/**
 * Re-drive, once the fault is mended: what the publisher set aside (the ledger's held appends, read
 * again from the event table, which keeps every append for ever) and what the trigger gave up on
 * (the on-failure bucket's objects, which carry the stream records themselves). Both go through the
 * publisher's own path and its ledger, so a message already sent is never sent again.
 */

export interface RedriveDeps extends StreamPublisherDeps {
  readonly client: DynamoDBClient;
  readonly eventsTable: string;
}

export interface HeldOutcome {
  readonly released: readonly HeldAppend[];
  /** Still cannot be published: the reason now. */
  readonly stillHeld: readonly (HeldAppend & { readonly now: string })[];
}

/** Publishes every held append that can be now, and forgets it; the rest stay held, with today's reason. */
export async function redriveHeld(deps: RedriveDeps): Promise<HeldOutcome> {
  const deliver = createAppendDelivery(deps);
  const released: HeldAppend[] = [];
  const stillHeld: (HeldAppend & { now: string })[] = [];
  for (const held of await deps.ledger.held()) {
    const image = await eventItem(deps, held.visitId, held.version);
    if (!image) {
      stillHeld.push({ ...held, now: 'the event item is not in the table' });
      continue;
    }
    try {
      await deliver(image);
    } catch (error) {
      if (!(error instanceof AppendHeldError)) throw error;
      stillHeld.push({ ...held, now: error.message });
      continue;
    }
    await deps.ledger.release(held.visitId, held.version);
    released.push(held);
  }
  return { released, stillHeld };
}

/**
 * What Lambda writes to an S3 on-failure destination for a stream trigger: the invocation's metadata
 * and, unlike an SQS or SNS destination, the invocation itself (`payload`, its JSON as text, or as an
 * object), whose `Records` are the stream records that were not processed.
 */
const OnFailureObject = z.object({
  payload: z.union([z.string().transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'payload is not JSON' });
      return z.NEVER;
    }
  }), z.record(z.string(), z.unknown())]).pipe(z.object({ Records: z.array(z.custom<DynamoDBRecord>((record) => typeof record === 'object' && record !== null)) })),
});

export function recordsOfFailure(json: unknown): DynamoDBRecord[] {
  return OnFailureObject.parse(json).payload.Records;
}

/**
 * Delivers the records of an on-failure object through the publisher itself: a poison record is set
 * aside as it would be live. Returns the sequence number it still fails at, if it does.
 */
export async function redriveRecords(deps: StreamPublisherDeps, records: readonly DynamoDBRecord[]): Promise<string | undefined> {
  const { batchItemFailures } = await createStreamPublisher(deps)({ Records: [...records] });
  return batchItemFailures[0]?.itemIdentifier;
}

async function eventItem(deps: RedriveDeps, visitId: string, version: number): Promise<Record<string, AttributeValue> | undefined> {
  const { Item } = await whenAvailable(`event table ${deps.eventsTable}`, () =>
    deps.client.send(
      new GetItemCommand({ TableName: deps.eventsTable, ConsistentRead: true, Key: { [STREAM_ID]: { S: visitId }, [FIRST_VERSION]: { N: String(version) } } }),
    ),
  );
  return Item;
}
