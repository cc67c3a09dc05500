import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../functions/core/actor';
import { VISIT_ACTIONS } from '../../functions/api/schemas';
import { ALICE, HEAD, OFFICE } from '../support/actors';
import { driveVisit, ENTER_BODY, startApiHarness, TOKEN_MARK, type ApiHarness, type Milestone } from '../support/api-harness';
import { uniqueId } from '../support/ids';
import { visitDetails } from '../support/scenario';

/**
 * Whatever the body, the API answers 2xx or 4xx, never 5xx; and a 4xx writes nothing (except the
 * late-signal 409, which says `recorded: true`). Bodies are random JSON, raw text, and valid bodies
 * with one thing changed, sent by the person who could take the action, at a stage where it fits.
 */

type VisitAction = (typeof VISIT_ACTIONS)[number];

const CASES: Record<VisitAction, { at: Milestone; by: Actor; valid: Record<string, unknown> }> = {
  authorise: { at: 'requested', by: HEAD, valid: { note: 'Go in a pair.' } },
  decline: { at: 'requested', by: HEAD, valid: { reason: 'Invite the family in instead.' } },
  reschedule: { at: 'ready', by: OFFICE, valid: { appointmentAt: '2026-11-23T10:30:00.000Z', reason: 'The family asked for later.' } },
  depart: { at: 'ready', by: ALICE, valid: {} },
  'report-late': { at: 'ready', by: ALICE, valid: { expectedAt: '2026-11-23T10:20:00.000Z' } },
  arrive: { at: 'travelling', by: ALICE, valid: {} },
  'extend-time': { at: 'in-home', by: ALICE, valid: { minutes: 10, reason: 'The parent is still talking.' } },
  enter: { at: 'at-door', by: ALICE, valid: { ...ENTER_BODY } },
  'family-at-door': { at: 'at-door', by: ALICE, valid: { peoplePresent: [{ name: 'Pat Parent', relationship: 'parent' }] } },
  'check-in': { at: 'travelling', by: ALICE, valid: { note: 'All fine', adultPresent: true } },
  leave: { at: 'in-home', by: ALICE, valid: { notes: { facts: ['Met Pat'], agreements: ['Back Monday'], signatures: { parent: true, officer: true } } } },
  return: { at: 'returning', by: ALICE, valid: {} },
  cancel: { at: 'at-door', by: ALICE, valid: { reason: 'unsafe', detail: 'Unexpected adults shouting.', unsafeIndicators: ['unexpected-adults'] } },
  'raise-concern': { at: 'in-home', by: ALICE, valid: { summary: 'Bruising seen on the pupil\'s arm.' } },
  panic: { at: 'travelling', by: ALICE, valid: { note: 'help' } },
  'cancel-alarm': { at: 'travelling', by: ALICE, valid: { alertId: 'panic-5', pin: '1234' } },
  acknowledge: { at: 'travelling', by: OFFICE, valid: { alertId: 'panic-5', note: 'Phoned: safe.' } },
  'resolve-alert': { at: 'travelling', by: OFFICE, valid: { alertId: 'panic-5', reason: 'Phoned Alice: safe.' } },
  'resolve-follow-up': { at: 'ready', by: OFFICE, valid: { followUpId: 'return-meeting', note: 'Met the family in school.' } },
};

const json = fc.jsonValue({ maxDepth: 3 });

/** A valid body with one thing changed: a field dropped, replaced, added, or the whole shape wrapped. */
function mutated(valid: Record<string, unknown>): fc.Arbitrary<unknown> {
  const keys = Object.keys(valid);
  const options: fc.Arbitrary<unknown>[] = [
    fc.tuple(fc.string({ maxLength: 12 }), json).map(([key, value]) => ({ ...valid, [key]: value })),
    json.map((value) => [valid, value]),
    fc.constant(valid),
  ];
  if (keys.length > 0) {
    options.push(
      fc.constantFrom(...keys).map((key) => Object.fromEntries(Object.entries(valid).filter(([name]) => name !== key))),
      fc.tuple(fc.constantFrom(...keys), json).map(([key, value]) => ({ ...valid, [key]: value })),
    );
  }
  return fc.oneof(...options);
}

/** What is sent: a JSON value, or raw text (often not JSON at all, or JSON cut short). */
function bodies(valid: Record<string, unknown>): fc.Arbitrary<string> {
  return fc.oneof(
    json.map((value) => JSON.stringify(value)),
    mutated(valid).map((value) => JSON.stringify(value)),
    fc.string({ maxLength: 40 }),
    fc.nat({ max: 200 }).map((cut) => JSON.stringify(valid).slice(0, cut)),
  );
}

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(async () => {
  await h.stop();
});

describe('fuzzing every action route', () => {
  it.each(VISIT_ACTIONS)('POST /visits/{id}/%s never answers 5xx, and a refusal writes nothing', async (action) => {
    const { at, by, valid } = CASES[action];
    const visitId = await driveVisit(h, at);
    if (action === 'acknowledge' || action === 'resolve-alert') await h.call(ALICE, 'POST', `/visits/${visitId}/panic`, {});

    await fc.assert(
      fc.asyncProperty(bodies(valid), async (body) => {
        await h.arm(visitId);
        const before = await h.streamLength(visitId);

        const reply = await h.call(by, 'POST', `/visits/${visitId}/${action}`, body);

        const after = await h.streamLength(visitId);
        expect(reply.status).toBeLessThan(500);
        if (reply.status >= 400 && reply.body?.recorded !== true) expect(after).toBe(before);
      }),
      { numRuns: 40 },
    );
  });

  it('POST /visits never answers 5xx, and a refusal writes nothing', async () => {
    const valid = { visitId: 'fuzzed-visit', details: visitDetails('hunsbury-park') };
    await fc.assert(
      fc.asyncProperty(bodies(valid), async (body) => {
        const visitId = uniqueId('fuzz');
        const sent = body.replace('fuzzed-visit', visitId);

        const reply = await h.call(ALICE, 'POST', '/visits', sent);

        expect(reply.status).toBeLessThan(500);
        if (reply.status >= 400) expect(await h.streamLength(visitId)).toBe(0);
      }),
      { numRuns: 60 },
    );
  });

  it('never carried a task token in any response', () => {
    expect(h.responses.length).toBeGreaterThan(500);
    expect(h.responses.filter((response) => response.body.includes(TOKEN_MARK))).toEqual([]);
  });
});
