import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, type StoredEvent } from '../../functions/core/event-store';
import { canonicalJson, chainEvents, hashedTextOf, hashEvent, rememberHashedText, verifyChain } from '../../functions/core/hash-chain';
import { testEvent } from '../support/event-store-contract';

function chain(count: number): StoredEvent[] {
  const events = Array.from({ length: count }, (_, index) => testEvent('Noted', { index, note: `n${index}` }, `c${index}`));
  return chainEvents('visit-1', 1, GENESIS_HASH, events);
}

function replaceAt(events: readonly StoredEvent[], version: number, change: (event: StoredEvent) => StoredEvent): StoredEvent[] {
  return events.map((event) => (event.version === version ? change(event) : event));
}

describe('canonicalJson', () => {
  it('encodes the same value the same way whatever the key order', () => {
    const a = { b: 1, a: { d: [3, { y: 1, x: 2 }], c: 'é' } };
    const b = { a: { c: 'é', d: [3, { x: 2, y: 1 }] }, b: 1 };

    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(canonicalJson(a)).toBe('{"a":{"c":"é","d":[3,{"x":2,"y":1}]},"b":1}');
  });

  it('drops undefined properties and keeps array order, as JSON.stringify does', () => {
    expect(canonicalJson({ z: undefined, a: [2, 1, undefined], d: new Date(0) })).toBe(
      '{"a":[2,1,null],"d":"1970-01-01T00:00:00.000Z"}',
    );
  });

  it('refuses numbers JSON cannot carry', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson({ n: 1n })).toThrow(TypeError);
  });

  it('agrees with its own JSON round trip for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(JSON.parse(canonicalJson(value)))).toBe(canonicalJson(value));
      }),
    );
  });
});

describe('chainEvents', () => {
  it('numbers events from the first version and links each to the hash before it', () => {
    const events = chainEvents('visit-1', 5, 'a'.repeat(64), [testEvent('A', {}, 'c'), testEvent('B', {}, 'c')]);

    expect(events.map((event) => [event.version, event.type])).toEqual([
      [5, 'A'],
      [6, 'B'],
    ]);
    expect(events[0]?.prevHash).toBe('a'.repeat(64));
    expect(events[1]?.prevHash).toBe(events[0]?.hash);
    expect(events[0]?.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(events[0]?.hash).toBe(hashEvent(events[0] as StoredEvent));
  });
});

describe('verifyChain', () => {
  it('accepts an intact stream and reports its head', () => {
    const events = chain(4);

    expect(verifyChain(events)).toEqual({ ok: true, headVersion: 4, headHash: events[3]?.hash });
  });

  it('accepts an empty stream as version 0 at the genesis hash', () => {
    expect(verifyChain([])).toEqual({ ok: true, headVersion: 0, headHash: GENESIS_HASH });
  });

  it('names the tampered event when its data changed but its hash did not', () => {
    const tampered = replaceAt(chain(4), 2, (event) => ({ ...event, data: { ...event.data, note: 'changed' } }));

    expect(verifyChain(tampered)).toMatchObject({ ok: false, version: 2, reason: 'hash-mismatch' });
  });

  it('names the next event when the tampered one had its hash rewritten too', () => {
    const tampered = replaceAt(chain(4), 2, (event) => {
      const changed = { ...event, data: { ...event.data, note: 'changed' } };
      return { ...changed, hash: hashEvent(changed) };
    });

    expect(verifyChain(tampered)).toMatchObject({ ok: false, version: 3, reason: 'prev-hash-mismatch' });
  });

  it('names the missing version when one is gone', () => {
    const events = chain(4).filter((event) => event.version !== 3);

    expect(verifyChain(events)).toMatchObject({ ok: false, version: 3, reason: 'version-gap' });
  });

  it('names version 1 when a stream does not start at the genesis hash', () => {
    const events = chainEvents('visit-1', 1, 'f'.repeat(64), [testEvent('A', {}, 'c')]);

    expect(verifyChain(events)).toMatchObject({ ok: false, version: 1, reason: 'prev-hash-mismatch' });
  });

  it('checks a slice against the version it must start at', () => {
    const slice = chain(6).slice(2);

    expect(verifyChain(slice, { expectedFirstVersion: 3 })).toMatchObject({ ok: true, headVersion: 6 });
    expect(verifyChain(slice, { expectedFirstVersion: 2 })).toMatchObject({ ok: false, version: 2, reason: 'version-gap' });
  });

  it('detects any single change to any event data at that event', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }).chain((count) =>
          fc.record({
            count: fc.constant(count),
            version: fc.integer({ min: 1, max: count }),
            key: fc.string({ maxLength: 10 }),
            value: fc.jsonValue(),
          }),
        ),
        ({ count, version, key, value }) => {
          const events = chain(count);
          const original = events[version - 1] as StoredEvent;
          const data = { ...original.data, [key]: value };
          fc.pre(canonicalJson(data) !== canonicalJson(original.data));

          const result = verifyChain(replaceAt(events, version, (event) => ({ ...event, data })));

          expect(result).toMatchObject({ ok: false, version, reason: 'hash-mismatch' });
        },
      ),
    );
  });
});

describe('verifying the text as stored (issue 23)', () => {
  const copy = (event: StoredEvent): StoredEvent => ({ ...event });

  it('remembers, for each chained event, the canonical text its hash covers', () => {
    const [event] = chain(1) as [StoredEvent];
    const { hash: _hash, ...hashed } = event;

    expect(hashedTextOf(event)).toBe(canonicalJson(hashed));
  });

  it('hashes the text an event was read from, not its fields encoded again', () => {
    const [event] = chain(1) as [StoredEvent];
    const altered = hashedTextOf(event).replace('"note":"n0"', '"note":"altered"');

    expect(verifyChain([rememberHashedText(copy(event), hashedTextOf(event))])).toMatchObject({ ok: true });
    expect(verifyChain([rememberHashedText(copy(event), altered)])).toMatchObject({ ok: false, version: 1, reason: 'hash-mismatch' });
  });

  it('encodes again an event with no text remembered (a copy, or one read from an item written before)', () => {
    const [event] = chain(1) as [StoredEvent];

    expect(hashedTextOf(copy(event))).toBe(hashedTextOf(event));
    expect(verifyChain([copy(event)])).toMatchObject({ ok: true });
  });

  it('never trusts a text with escapes to have parsed as written: the event is encoded again', () => {
    const [event] = chainEvents('visit-1', 1, GENESIS_HASH, [testEvent('Noted', { note: 'a "quoted" word' }, 'c')]) as [StoredEvent];
    const read = rememberHashedText(copy(event), hashedTextOf(event).replace('quoted', 'altered'));

    expect(hashedTextOf(read)).toBe(hashedTextOf(event));
    expect(verifyChain([read])).toMatchObject({ ok: true });
  });
});
