import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { EVENT_TYPES, FIRST_VERSION, STREAM_ID } from '../adapters/event-table';
import { embeddedMetricLine, type OperationsMetric } from '../adapters/embedded-metric';
import type { AlertMessage } from '../core/alerts';

/**
 * The alert path's canary: on a schedule, a ping is written to the event table; the table's stream
 * brings it to the alert publisher like any append; the publisher sends a synthetic alert, once
 * (the ledger), to the alerts topic; a subscription of operations' own receives it and records how
 * long the whole way took. Operations are alarmed when no canary arrives, or one arrives late
 * (lib/alert-canary.ts): a publisher that never runs, a disabled trigger, a topic that refuses, a
 * ledger that cannot be written all go silent here before a panic would.
 *
 * The ping lives in a partition no visit can have (`#` is outside a visit id's alphabet): one item, deleted and
 * written again each time, so that each ping is a stream INSERT (an overwrite would be a MODIFY,
 * which the trigger does not pass) and the table keeps one canary item, not one a minute.
 */
export const CANARY_STREAM = '#canary';
/** The ping's time (S, ISO 8601): the canary's id and the start of its measured way. */
export const CANARY_SENT_AT = 'sentAt';

/** The message's kind: no person's subscription lists it (theirs filter on the roles notified; this notifies none). */
export const CANARY_KIND = 'canary';

/** The item the sender writes for a ping at `sentAt`. */
export function canaryItem(sentAt: Date): Record<string, AttributeValue> {
  return {
    [STREAM_ID]: { S: CANARY_STREAM },
    [FIRST_VERSION]: { N: '0' },
    [CANARY_SENT_AT]: { S: sentAt.toISOString() },
    // A type no visit event has: the triggers that filter on event types (the board projector's, the
    // publisher's own) leave it out, and the publisher's canary filter lets it in by its key.
    [EVENT_TYPES]: { SS: [CANARY_PING_TYPE] },
  };
}

/** The ping's one "event type", which no trigger but the canary's filter passes. */
export const CANARY_PING_TYPE = 'AlertCanaryPing';

export const canaryKey = (): Record<string, AttributeValue> => ({ [STREAM_ID]: { S: CANARY_STREAM }, [FIRST_VERSION]: { N: '0' } });

/** The synthetic alert for a ping the stream brought, or undefined for any other item. */
export function canaryMessage(image: Record<string, AttributeValue>): AlertMessage | undefined {
  if (image[STREAM_ID]?.S !== CANARY_STREAM) return undefined;
  const sentAt = image[CANARY_SENT_AT]?.S ?? 'unknown';
  return {
    kind: CANARY_KIND,
    severity: 'info',
    schoolId: '-',
    visitId: CANARY_STREAM,
    level: 0,
    notify: [],
    messageId: `${CANARY_KIND}:${sentAt}`,
    subject: 'Home visits: alert path canary',
    text: `A synthetic alert written at ${sentAt} to check that alerts reach their topic. Nobody needs to act on it.`,
  };
}

/** The ping time a canary message carries in its id (the SNS attribute `messageId`), or undefined. */
export function canarySentAt(messageId: string | undefined): Date | undefined {
  if (!messageId?.startsWith(`${CANARY_KIND}:`)) return undefined;
  const sentAt = new Date(messageId.slice(CANARY_KIND.length + 1));
  return Number.isNaN(sentAt.getTime()) ? undefined : sentAt;
}

/** The operations metric the receiver writes for each canary: seconds from the ping to its arrival. Both sides read the names from here. */
export const CANARY_METRIC = { namespace: 'HomeVisits', name: 'AlertCanaryDelay', dimension: 'Stack', environment: 'STACK_NAME' } as const satisfies OperationsMetric;

/** The seconds a canary may take from ping to operations' subscription before it is late. */
export const CANARY_DEADLINE_SECONDS = 60;

export function canaryMetricLine(stackName: string, sentAt: Date, arrivedAt: Date): string {
  const delay = Math.max(0, (arrivedAt.getTime() - sentAt.getTime()) / 1000);
  return embeddedMetricLine(CANARY_METRIC, stackName, { value: delay, unit: 'Seconds', at: arrivedAt }, { sentAt: sentAt.toISOString() });
}
