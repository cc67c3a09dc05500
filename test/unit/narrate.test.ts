import { describe, expect, it } from 'vitest';
import { nextDeadline } from '../../functions/core/deadlines';
import type { VisitEvent } from '../../functions/core/events';
import { checkInGaps, eventWords, narrate, type NarratedEvent } from '../../functions/core/narrate';
import { buildTimeline, formatTimeline } from '../../functions/core/timeline';
import { gapsSummary } from '../../web/src/audit/gaps-summary';
import { ALICE, SLT } from '../support/actors';
import { scenario, type Scenario } from '../support/scenario';

/** The scenario's events as the history API gives them. */
const asHistory = (s: Scenario): NarratedEvent[] =>
  s.history.map((event: VisitEvent, index) => ({
    version: index + 1,
    type: event.type,
    data: event.data,
    actor: event.meta.actor.userId,
    role: event.meta.actor.role,
    recordedAt: event.meta.recordedAt,
  }));

/**
 * Harrogate High (check in every 2 h; back within 30 min of leaving): set out 10:00, check in 10:30,
 * leave the home 12:20, back 12:50. The CLI once read 10:30 → 12:50 as a 140-minute check-in gap
 * over the limit, and the auditor's page read no gap over.
 */
function outTwoHoursTwenty(): { s: Scenario; beforeLeaving: ReturnType<typeof nextDeadline> } {
  const s = scenario('harrogate-high');
  s.requested().authorised(SLT).assessed();
  s.after(30).departed();
  s.after(20).arrived();
  s.after(5).entered();
  s.after(5).ok('check-in', {}, ALICE);
  s.after(110);
  const beforeLeaving = nextDeadline(s.visit, s.policy);
  s.ok('leave', {}, ALICE);
  s.after(30).ok('return', {}, ALICE);
  return { s, beforeLeaving };
}

describe('the check-in gaps, measured once for the CLI and the auditor\'s page', () => {
  it('stops the check-in clock when the staff leave the home, as the workflow\'s deadline does: 10:30 → 12:20 is within two hours, and the trip back is timed against the return window', () => {
    const { s, beforeLeaving } = outTwoHoursTwenty();

    const { gaps, open } = checkInGaps(asHistory(s), s.policy);

    // The workflow's own reading: at 12:20 the next deadline was the check-in due 12:30, so no alert.
    expect(beforeLeaving).toMatchObject({ kind: 'check-in', at: '2026-11-23T12:30:00.000Z' });
    expect(gaps.map(({ kind, from, to, minutes, limitMinutes, over }) => [kind, from.label, to.label, minutes, limitMinutes, over])).toEqual([
      ['check-in', 'Set out', 'Checked in', 30, 120, false],
      ['check-in', 'Checked in', 'Left the home', 110, 120, false],
      ['return', 'Left the home', 'Back safely', 30, 30, false],
    ]);
    expect(open).toBeUndefined();
  });

  it('says the same in the CLI\'s replay and on the auditor\'s page: no gap over the policy', () => {
    const { s } = outTwoHoursTwenty();
    const events = asHistory(s);

    const cli = formatTimeline(buildTimeline({ visitId: 'visit-0001', events, policy: s.policy }));
    const page = gapsSummary(narrate({ events, policy: s.policy, at: (iso) => iso }).gaps.gaps);

    expect(cli).toContain('10:30 Checked in (v7) → 12:20 Left the home (v8): 1 h 50 min (limit 2 h)  ok');
    expect(cli).toContain('return  12:20 Left the home (v8) → 12:50 Back safely (v9): 30 min (limit 30 min)  ok');
    expect(cli).not.toContain('OVER');
    expect(page).toEqual({ over: 0, words: 'Every gap was within the policy (3 timed).' });
  });

  it('lengthens the running check-in by the more time the staff asked for, as its deadline moves', () => {
    const s = scenario('harrogate-high');
    s.requested().authorised(SLT).assessed();
    s.after(30).departed();
    s.after(60).ok('extend-time', { minutes: 20, reason: 'Traffic on the ring road.' }, ALICE);
    s.after(70).arrived();

    const { gaps, open } = checkInGaps(asHistory(s), s.policy);

    expect(gaps).toEqual([]);
    expect(open).toMatchObject({ kind: 'check-in', label: 'Set out', limitMinutes: 140 });
  });

  it('judges a gap over its limit, and none without a policy', () => {
    const s = scenario('harrogate-high');
    s.requested().authorised(SLT).assessed();
    s.after(30).departed();
    s.after(121).ok('check-in', {}, ALICE);

    expect(checkInGaps(asHistory(s), s.policy).gaps.map((gap) => [gap.minutes, gap.over])).toEqual([[121, true]]);
    expect(checkInGaps(asHistory(s), null).gaps.map((gap) => [gap.minutes, gap.limitMinutes, gap.over])).toEqual([[121, undefined, false]]);
  });
});

describe('the words for an event', () => {
  it('tells an altered event from what is left of it, and an unknown type by its name', () => {
    const at = (iso: string) => `at ${iso}`;

    expect(eventWords({ type: 'CheckedIn', data: { note: 42, duress: 'x' }, recordedAt: '2026-11-23T10:00:00.000Z' }, { policy: null, at })).toEqual({ title: 'Checked in', details: [] });
    expect(eventWords({ type: 'CheckInOverdue', data: { kind: 'check-in-overdue', dueAt: '2026-11-23T12:30:00.000Z', alertId: 'a-1' }, recordedAt: '2026-11-23T12:31:00.000Z' }, { policy: null, at })).toEqual({
      title: 'Alert: check-in overdue',
      details: ['Was due at 2026-11-23T12:30:00.000Z', 'Alert a-1'],
    });
    expect(eventWords({ type: 'SomethingNew', data: {}, recordedAt: '2026-11-23T10:00:00.000Z' }, { policy: null, at })).toEqual({ title: 'SomethingNew', details: [] });
  });
});
