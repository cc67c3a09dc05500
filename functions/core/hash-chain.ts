import { createHash } from 'node:crypto';
import { GENESIS_HASH, type NewEvent, type StoredEvent } from './event-store';

/**
 * The hash chain of a stream: each stored event carries the SHA-256 of the previous one, and its
 * own hash covers that link, so changing any stored event breaks the chain at (or right after) it.
 * Pure: no I/O, no clock.
 */

/**
 * JSON with object keys sorted (by UTF-16 code units, as RFC 8785) at every depth and no
 * whitespace. Undefined properties are dropped and `toJSON` is honoured, exactly as
 * `JSON.stringify` does, so a value and its JSON round trip encode to the same text.
 *
 * @example
 * canonicalJson({ b: 1, a: [true, { d: null, c: 'x' }] }) === '{"a":[true,{"c":"x","d":null}],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  const encoded = encode(value);
  if (encoded === undefined) throw new TypeError('canonicalJson: value has no JSON encoding');
  return encoded;
}

function encode(value: unknown): string | undefined {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return encode((value as { toJSON: () => unknown }).toJSON());
  }
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      // NaN and Infinity would become null in the stored JSON and no longer hash the same.
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: non-finite number ${value}`);
      return JSON.stringify(value);
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    case 'bigint':
      throw new TypeError('canonicalJson: bigint has no JSON encoding');
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) return `[${value.map((item) => encode(item) ?? 'null').join(',')}]`;
      const members: string[] = [];
      for (const key of Object.keys(value).sort()) {
        const member = encode((value as Record<string, unknown>)[key]);
        if (member !== undefined) members.push(`${JSON.stringify(key)}:${member}`);
      }
      return `{${members.join(',')}}`;
    }
  }
}

export function hashEvent(event: Omit<StoredEvent, 'hash'>): string {
  const { streamId, version, type, data, meta, prevHash } = event;
  return createHash('sha256').update(canonicalJson({ streamId, version, type, data, meta, prevHash })).digest('hex');
}

/**
 * Places new events at `firstVersion`, `firstVersion + 1`… linked from `prevHash`.
 * Data and meta go through a JSON round trip so that what is returned is exactly what any store
 * gives back on read (no Dates, no undefined properties, no shared references to the caller's
 * objects), and the hashes therefore recompute after a read.
 */
export function chainEvents(
  streamId: string,
  firstVersion: number,
  prevHash: string,
  events: readonly NewEvent[],
): StoredEvent[] {
  const stored: StoredEvent[] = [];
  let previous = prevHash;
  events.forEach((event, index) => {
    const unhashed = {
      streamId,
      version: firstVersion + index,
      type: event.type,
      data: jsonRoundTrip(event.data),
      meta: jsonRoundTrip(event.meta),
      prevHash: previous,
    };
    const hash = hashEvent(unhashed);
    stored.push({ ...unhashed, hash });
    previous = hash;
  });
  return stored;
}

function jsonRoundTrip<T>(value: T): T {
  return JSON.parse(canonicalJson(value)) as T;
}

export type ChainVerification =
  | {
      readonly ok: true;
      readonly headVersion: number;
      /**
       * Hash of the last event; for an empty slice, the link it starts from (GENESIS_HASH for an
       * empty stream), or '' when that link is unknown (empty slice after version 1, no prevHash).
       */
      readonly headHash: string;
    }
  | {
      readonly ok: false;
      /** The first version that does not verify (for a gap: the missing version). */
      readonly version: number;
      readonly reason: 'version-gap' | 'prev-hash-mismatch' | 'hash-mismatch';
      readonly detail: string;
    };

export interface VerifyChainOptions {
  /** Version the first event must have; by default the first event's own version. */
  readonly expectedFirstVersion?: number;
  /**
   * Hash the first event must link to. Defaults to GENESIS_HASH when the first version is 1;
   * otherwise, without it, the first event's link cannot be checked (a slice of a stream).
   */
  readonly prevHash?: string;
}

/**
 * Checks versions are contiguous, each event links to the previous one, and each hash recomputes.
 * An event whose content changed but hash did not fails with `hash-mismatch` at its own version;
 * one whose hash was rewritten too fails with `prev-hash-mismatch` at the next version. (Rewriting
 * the head's content and hash together is invisible to the chain alone: a caller that remembers
 * the head hash, or an append after it, exposes it.)
 */
export function verifyChain(events: readonly StoredEvent[], options: VerifyChainOptions = {}): ChainVerification {
  const firstVersion = options.expectedFirstVersion ?? events[0]?.version ?? 1;
  let expectedPrev: string | undefined = options.prevHash ?? (firstVersion === 1 ? GENESIS_HASH : undefined);
  let expectedVersion = firstVersion;

  for (const event of events) {
    if (event.version !== expectedVersion) {
      return {
        ok: false,
        version: expectedVersion,
        reason: 'version-gap',
        detail: `expected version ${expectedVersion}, found ${event.version}`,
      };
    }
    if (expectedPrev !== undefined && event.prevHash !== expectedPrev) {
      return {
        ok: false,
        version: event.version,
        reason: 'prev-hash-mismatch',
        detail: `prevHash ${event.prevHash} does not match the previous hash ${expectedPrev}`,
      };
    }
    const recomputed = hashEvent(event);
    if (recomputed !== event.hash) {
      return {
        ok: false,
        version: event.version,
        reason: 'hash-mismatch',
        detail: `stored hash ${event.hash}, content hashes to ${recomputed}`,
      };
    }
    expectedPrev = event.hash;
    expectedVersion += 1;
  }

  return { ok: true, headVersion: expectedVersion - 1, headHash: expectedPrev ?? '' };
}
