import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../functions/api';
import type { Actor } from '../../functions/core/actor';
import { verifyChain } from '../../functions/core/hash-chain';
import { ALICE, BOB, CAROL } from '../support/actors';
import { eventAs } from '../support/api-events';
import { driveVisit, startApiHarness, type ApiHarness, type Reply } from '../support/api-harness';
import { uniqueId } from '../support/ids';

/**
 * Issue 9, item 7: panic, check-in and raise-concern are facts that commute with whatever else was
 * written meanwhile, so a writer that loses the race for the next version reads again and lands
 * after the winner: dozens of people writing to one visit at once are never refused for it.
 *
 * Issue 20, item 8: a process lets the writers of one visit take turns (calls for help first) and a
 * writer that still loses a race (to another process) reads only what was written since. How fast
 * that is belongs to `npm run bench` (bench/contention.ts); here, that every call for help lands.
 */

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(async () => {
  await h.stop();
});

interface Writer {
  readonly actor: Actor;
  readonly action: 'panic' | 'check-in' | 'raise-concern';
  readonly body: Record<string, string>;
  /** What the writer's event says, to find it in the stream. */
  readonly says: string;
}

/** The i-th of a mixed crowd: panics, check-ins and concerns, from both members of staff. */
function writer(i: number): Writer {
  const actor = i % 2 ? BOB : ALICE;
  switch (i % 3) {
    case 0:
      return { actor, action: 'panic', body: { note: `panic ${i}` }, says: `panic ${i}` };
    case 1:
      return { actor, action: 'check-in', body: { note: `check-in ${i}` }, says: `check-in ${i}` };
    default:
      return { actor, action: 'raise-concern', body: { summary: `concern ${i}` }, says: `concern ${i}` };
  }
}

const send = (visitId: string, w: Writer): Promise<Reply> =>
  h.call(w.actor, 'POST', `/visits/${visitId}/${w.action}`, w.body, { 'Idempotency-Key': uniqueId(w.action) });

describe('50 writers on one visit at once', () => {
  const writers = Array.from({ length: 50 }, (_, i) => writer(i));
  let visitId: string;
  let before: number;
  let replies: Reply[];
  beforeAll(async () => {
    visitId = await driveVisit(h, 'in-home');
    before = await h.streamLength(visitId);
    replies = await Promise.all(writers.map((w) => send(visitId, w)));
  });

  it('refuses none of them: every answer is 200', () => {
    expect(replies.filter((reply) => reply.status !== 200).map((reply) => [reply.status, reply.body])).toEqual([]);
  });

  it('writes each of them exactly once, under its own command', async () => {
    const written = (await h.store.read(visitId)).slice(before);
    const says = written.map((event) => {
      const data = event.data as { note?: string; summary?: string };
      return data.note ?? data.summary;
    });

    expect(written).toHaveLength(writers.length);
    expect([...says].sort()).toEqual(writers.map((w) => w.says).sort());
    expect(new Set(written.map((event) => event.meta.commandId)).size).toBe(writers.length);
  });

  it('gives each writer its own version: the answers cover the versions after the race, one each', () => {
    const versions = replies.map((reply) => reply.body.version as number).sort((a, b) => a - b);

    expect(versions).toEqual(writers.map((_, i) => before + 1 + i));
  });

  it('keeps the stream contiguous and its hash chain whole', async () => {
    const stream = await h.store.read(visitId);

    expect(stream.map((event) => event.version)).toEqual(stream.map((_, i) => i + 1));
    expect(verifyChain(stream)).toEqual({ ok: true, headVersion: before + writers.length, headHash: stream.at(-1)!.hash });
  });

  it('answers every panic 2xx, each recorded once, at the version its answer names', async () => {
    const stream = await h.store.read(visitId);
    const panics = writers.flatMap((w, i) => (w.action === 'panic' ? [{ says: w.says, reply: replies[i]! }] : []));

    expect(panics.length).toBeGreaterThan(0);
    for (const { says, reply } of panics) {
      const recorded = stream.filter((event) => event.type === 'PanicRaised' && (event.data as { note?: string }).note === says);
      expect([says, reply.status, recorded.map((event) => event.version)]).toEqual([says, 200, [reply.body.version]]);
    }
  });

  it('hands over one critical alert per panic', () => {
    const panics = writers.filter((w) => w.action === 'panic').length;

    expect(h.alerts.published.filter((message) => message.visitId === visitId && message.kind === 'panic')).toHaveLength(panics);
  });
});

describe('a rule refusal under contention', () => {
  it('is still a refusal: staff not on the visit are 403 while the others land, and nothing of theirs is written', async () => {
    const visitId = await driveVisit(h, 'in-home');
    const crowd = Array.from({ length: 20 }, (_, i) => writer(i));
    const outsiders: Writer[] = Array.from({ length: 5 }, (_, i) => ({ actor: CAROL, action: 'panic', body: { note: `outsider ${i}` }, says: `outsider ${i}` }));

    const replies = await Promise.all([...crowd, ...outsiders].map((w) => send(visitId, w)));

    expect(replies.slice(0, crowd.length).map((reply) => reply.status)).toEqual(crowd.map(() => 200));
    expect(replies.slice(crowd.length).map((reply) => [reply.status, reply.body.rule])).toEqual(outsiders.map(() => [403, 'assigned-staff-only']));
    const stream = await h.store.read(visitId);
    expect(stream.filter((event) => event.meta.actor.userId === CAROL.userId)).toEqual([]);
  });

  it('is still a refusal for check-ins after the return: 409 not-out-on-visit for each, nothing written', async () => {
    const visitId = await driveVisit(h, 'returned');
    const before = await h.streamLength(visitId);

    const replies = await Promise.all(Array.from({ length: 5 }, (_, i) => send(visitId, writer(3 * i + 1))));

    expect(replies.map((reply) => [reply.status, reply.body.rule])).toEqual(replies.map(() => [409, 'not-out-on-visit']));
    expect(await h.streamLength(visitId)).toBe(before);
  });
});

describe('50 writers on one visit through two processes at once', () => {
  it('lands every one exactly once, panics among them: the writers that lose a race to the other process catch up and land after it', async () => {
    // A second API over the same table: its own lanes, as a second Lambda instance or server would have.
    const other = createApi(h.deps);
    const visitId = await driveVisit(h, 'in-home');
    const before = await h.streamLength(visitId);
    const crowd = Array.from({ length: 50 }, (_, i) => writer(i));

    const replies = await Promise.all(
      crowd.map(async (w, i) => {
        if (i % 2 === 0) return send(visitId, w);
        const raw = await other.route(eventAs(w.actor, 'POST', `/visits/${visitId}/${w.action}`, w.body, { 'Idempotency-Key': uniqueId(w.action) }));
        return { status: raw.statusCode, body: JSON.parse(raw.body), raw };
      }),
    );

    expect(replies.filter((reply) => reply.status !== 200).map((reply) => [reply.status, reply.body])).toEqual([]);
    const stream = await h.store.read(visitId);
    const says = stream.slice(before).map((event) => (event.data as { note?: string; summary?: string }).note ?? (event.data as { summary?: string }).summary);
    expect([...says].sort()).toEqual(crowd.map((w) => w.says).sort());
    expect(replies.map((reply) => reply.body.version as number).sort((a, b) => a - b)).toEqual(crowd.map((_, i) => before + 1 + i));
    expect(verifyChain(stream)).toMatchObject({ ok: true, headVersion: before + crowd.length });
  });
});
