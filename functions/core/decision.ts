import type { NewEvent } from './event-store';

/**
 * What decide returns: the events to append, or a refusal that names the rule. `forbidden` is about
 * who is asking (HTTP 403); `conflict` is about the visit's state or the school's policy (HTTP 409);
 * `unprocessable` is a request that contradicts an earlier one under the same idempotency key (422).
 */
export interface Refusal {
  readonly ok: false;
  readonly kind: 'forbidden' | 'conflict' | 'unprocessable';
  readonly rule: string;
  readonly message: string;
}

export interface Accepted {
  readonly ok: true;
  readonly events: readonly NewEvent[];
}

export type Decision = Accepted | Refusal;

export const accept = (...events: NewEvent[]): Accepted => ({ ok: true, events });
export const conflict = (rule: string, message: string): Refusal => ({ ok: false, kind: 'conflict', rule, message });
export const forbidden = (rule: string, message: string): Refusal => ({ ok: false, kind: 'forbidden', rule, message });
