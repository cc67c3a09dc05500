import { hash as digest } from 'node:crypto';
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

/*
 * Every stored hash was computed from this encoding, so its output must never change (issue 12:
 * test/unit/canonical-json.test.ts holds it to the first version, byte for byte). It is on the
 * read path of every verification, hence written for speed: one string built by concatenation,
 * and keys sorted only when they are not in order already (an object parsed from canonical text
 * is, unless it has integer-like keys, which JavaScript puts first in numeric order).
 */
function encode(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'boolean':
      return value ? 'true' : 'false';
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
    case 'object':
      if (value === null) return 'null';
      if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return encode((value as { toJSON: () => unknown }).toJSON());
      return Array.isArray(value) ? encodeArray(value) : encodeObject(value as Record<string, unknown>);
  }
}

function encodeArray(array: readonly unknown[]): string {
  let text = '[';
  // By index, so that a hole encodes as null, as in JSON.stringify (map would skip it).
  for (let index = 0; index < array.length; index += 1) {
    if (index > 0) text += ',';
    text += encode(array[index]) ?? 'null';
  }
  return text + ']';
}

function encodeObject(object: Record<string, unknown>): string {
  const keys = Object.keys(object);
  for (let index = 1; index < keys.length; index += 1) {
    // `<` on strings compares UTF-16 code units, the order of Array.prototype.sort's default.
    if ((keys[index - 1] as string) > (keys[index] as string)) {
      keys.sort();
      break;
    }
  }
  let text = '{';
  for (const key of keys) {
    const member = encode(object[key]);
    if (member === undefined) continue;
    if (text.length > 1) text += ',';
    text += quote(key) + ':' + member;
  }
  return text + '}';
}

/** JSON.stringify of a string, skipping its call when nothing needs escaping (most keys and values). */
function quote(text: string): string {
  for (let index = 0; index < text.length; index += 1) {
    const unit = text.charCodeAt(index);
    // What JSON.stringify escapes: controls, '"', '\\', and (being well-formed) lone surrogates.
    if (unit < 0x20 || unit === 0x22 || unit === 0x5c || (unit >= 0xd800 && unit <= 0xdfff)) return JSON.stringify(text);
  }
  return `"${text}"`;
}

/**
 * canonicalJson({ streamId, version, type, data, meta, prevHash }) without building that object:
 * its keys in sorted order, each member dropped when it has no encoding, as encodeObject would.
 */
function encodeEnvelope(event: Omit<StoredEvent, 'hash'>): string {
  let text = '{';
  text = withMember(text, '"data":', event.data);
  text = withMember(text, '"meta":', event.meta);
  text = withMember(text, '"prevHash":', event.prevHash);
  text = withMember(text, '"streamId":', event.streamId);
  text = withMember(text, '"type":', event.type);
  text = withMember(text, '"version":', event.version);
  return text + '}';
}

function withMember(text: string, name: string, value: unknown): string {
  const member = encode(value);
  if (member === undefined) return text;
  return (text.length > 1 ? text + ',' : text) + name + member;
}

const sha256Hex = (text: string): string => digest('sha256', text, 'hex');

/** The SHA-256 of the canonical encoding of an event's hashed fields, computed afresh. */
export function hashEvent(event: Omit<StoredEvent, 'hash'>): string {
  return sha256Hex(encodeEnvelope(event));
}

/*
 * Hash what is stored (issue 23). An event's canonical text is built once, at append; the stores
 * keep that text and parse each event from it on read, and verifying hashes the text as stored
 * instead of encoding the parsed event again (which cost more than the hash). The text rides on
 * the event object it was parsed into, under a key of this module's that is not enumerable: a copy
 * (`{ ...event, data }`), the event in JSON (the API's), or one read from an item written before
 * issue 23 has none, and is encoded again, so a change made to an event after it was read is still
 * found. Events are readonly: a change in place (possible only through a cast) would go unseen here.
 * (A WeakMap from event to text cost more than the hash it saved: 10,000 entries a read.)
 */
const HASHED_TEXT = Symbol('hashed text');

function remember(event: StoredEvent, text: string): void {
  Object.defineProperty(event, HASHED_TEXT, { value: text });
}

/** The text `event`'s hash covers: the one it was chained with or read from, else its canonical encoding now. */
export function hashedTextOf(event: StoredEvent): string {
  return (event as { [HASHED_TEXT]?: string })[HASHED_TEXT] ?? encodeEnvelope(event);
}

/**
 * Records that `event` was parsed from `text`, the stored text its hash covers, so verifyChain
 * hashes that text. The event may hold less than the text (a parser drops unknown keys), never
 * more or other. Text with escapes is not trusted to have parsed as written (see chainEvents): such
 * an event is encoded again when verified.
 */
export function rememberHashedText<E extends StoredEvent>(event: E, text: string): E {
  if (!text.includes('\\')) remember(event, text);
  return event;
}

/**
 * Places new events at `firstVersion`, `firstVersion + 1`… linked from `prevHash`.
 * Data and meta go through a JSON round trip so that what is returned is exactly what any store
 * gives back on read (no Dates, no undefined properties, no shared references to the caller's
 * objects). One encoding per event serves all three: the canonical text is hashed, parsed back for
 * the round trip, and remembered as the text to store (hashedTextOf).
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
    const unhashed = { streamId, version: firstVersion + index, type: event.type, data: event.data, meta: event.meta, prevHash: previous };
    let text = encodeEnvelope(unhashed);
    const { data, meta } = JSON.parse(text) as Partial<Pick<StoredEvent, 'data' | 'meta'>>;
    if (data === undefined || meta === undefined) throw new TypeError('canonicalJson: value has no JSON encoding');
    // Trust the parse only for text without escapes. Node 24.21's JSON.parse (V8) misreads keys:
    // once a process has parsed the one-character key "\\", it reads every later one-character
    // escaped key ("\n", "\t", "\"", "\u0042") as "\\" too. The hash must cover what is returned
    // and stored, so for such text hash what was parsed, as the round trip before issue 12 did.
    if (text.includes('\\')) text = encodeEnvelope({ ...unhashed, data, meta });
    const hash = sha256Hex(text);
    // This key order is the one items written before issue 23 hold.
    const chained: StoredEvent = { ...unhashed, data, meta, hash };
    remember(chained, text);
    stored.push(chained);
    previous = hash;
  });
  return stored;
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
    const recomputed = sha256Hex(hashedTextOf(event));
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
