import { describe, expect, it } from 'vitest';
import type { VisitEvent } from '../../functions/core/events';
import { formatMinutes } from '../../functions/core/narrate';
import { buildTimeline, formatTimeline, formatVerdict, type TimelineEvent } from '../../functions/core/timeline';
import { completedVisit, noShowVisit } from '../support/report-visits';
import type { Scenario } from '../support/scenario';

/** The scenario's events as the history API shows them. */
const asHistory = (s: Scenario): TimelineEvent[] =>
  s.history.map((event: VisitEvent, index) => ({
    version: index + 1,
    type: event.type,
    data: event.data,
    actor: event.meta.actor.userId,
    role: event.meta.actor.role,
    recordedAt: event.meta.recordedAt,
    ...(event.meta.claimedAt ? { claimedAt: event.meta.claimedAt } : {}),
  }));

describe('the auditors\' timeline', () => {
  it('gives each event its time, the stage it left the visit in, and who did it', () => {
    const s = completedVisit();

    const timeline = buildTimeline({ visitId: 'visit-0001', events: asHistory(s), policy: s.policy });

    expect(timeline.entries.map((entry) => entry.stage)).toEqual([
      'requested', 'authorised', 'ready', 'travelling', 'at-door', 'in-home', 'in-home', 'in-home', 'in-home', 'in-home', 'in-home', 'in-home', 'in-home',
      'returning', 'returned', 'closed', 'filed',
    ]);
    expect(timeline.entries[3]).toMatchObject({ who: 'Alice Officer (staff)', what: 'Set out for the visit (the check-in before)' });
    expect(timeline.entries.filter((entry) => entry.flag === 'alert').map((entry) => [entry.who, entry.what])).toEqual([
      ['The workflow', expect.stringMatching(/^Alert: check-in overdue: Was due 12:43; Alert alert-\S+$/)],
      ['The workflow', expect.stringMatching(/^Alert escalated to level 1: Told: School office; /)],
      ['The workflow', expect.stringMatching(/^Alert escalated to level 2: Told: Designated Safeguarding Lead \(DSL\) or deputy, Headteacher; /)],
      ['office-olu (office)', expect.stringMatching(/^Alert acknowledged \("I have it"\): Answered 19 min after it was raised; Note: Calling Alice now/)],
      ['office-olu (office)', expect.stringMatching(/^Alert closed: resolved by a person: Reason: Phoned Alice: fine, phone was on silent\.; Alert /)],
    ]);
  });

  it('measures the gaps between check-ins against the policy and flags the one over it', () => {
    const s = completedVisit();

    const { gaps } = buildTimeline({ visitId: 'visit-0001', events: asHistory(s), policy: s.policy }).gaps;

    // The check-in clock runs until Alice leaves the home; from there the safe return is timed.
    expect(gaps.map(({ kind, from, to, minutes, over }) => [kind, from.label, to.label, minutes, over])).toEqual([
      ['check-in', 'Set out', 'Checked in', 63, false],
      ['check-in', 'Checked in', 'Left the home', 145, true],
      ['return', 'Left the home', 'Back safely', 20, false],
    ]);
  });

  it('summarises each alert: the level it reached, who answered it, how soon, and who resolved it with what reason', () => {
    const s = completedVisit();

    const { alerts } = buildTimeline({ visitId: 'visit-0001', events: asHistory(s), policy: s.policy });

    expect(alerts).toEqual([
      expect.objectContaining({
        kind: 'check-in-overdue',
        levelReached: 2,
        answeredBy: 'office-olu (office)',
        resolvedBy: 'office-olu (office)',
        resolution: 'resolved',
        reason: 'Phoned Alice: fine, phone was on silent.',
      }),
    ]);
  });

  it('prints a readable timeline in the school\'s zone with the verdicts', () => {
    const s = completedVisit();

    const text = formatTimeline(buildTimeline({ visitId: 'visit-0001', events: asHistory(s), policy: s.policy }));

    expect(text).toContain('Visit visit-0001 · Harrogate High School · policy 2021-01');
    expect(text).toContain('Times in Europe/London (GMT), from Mon, 23 Nov 2026, 09:30; check-ins due every 2 h, safe return within 30 min of leaving');
    expect(text).toMatch(/^\s+4 {2}09:40 {2}travelling +Alice Officer \(staff\) +Set out for the visit/m);
    expect(text).toContain('10:43 Checked in (v7) → 13:08 Left the home (v14): 2 h 25 min (limit 2 h)  OVER by 25 min');
    expect(text).toContain('return  13:08 Left the home (v14) → 13:28 Back safely (v15): 20 min (limit 30 min)  ok');
    expect(text).toContain('answered by office-olu (office) at 13:03 (19 min after it was raised); resolved 13:05 by office-olu (office): Phoned Alice: fine, phone was on silent.');
  });

  it('judges no gap without a policy, and still lists events in UTC', () => {
    const s = noShowVisit();

    const text = formatTimeline(buildTimeline({ visitId: 'visit-0001', events: asHistory(s), policy: null }));

    expect(text).toContain('Times in UTC');
    expect(text).toContain('no policy: gaps not judged');
    expect(text).toMatch(/Set out \(v4\) → 10:20 Cancelled while out \(v6\): 40 min$/m);
    expect(text).toMatch(/return  10:20 Cancelled while out \(v6\) → 10:35 Back safely \(v7\): 15 min$/m);
    expect(text).not.toContain('OVER');
  });

  it('shows an event that no longer parses, flagged, and carries on', () => {
    const events = asHistory(completedVisit());
    events[4] = { ...events[4]!, type: 'Arrived', data: { at: 'somewhere else' } };

    const timeline = buildTimeline({ visitId: 'visit-0001', events, policy: null });

    expect(timeline.entries[4]).toMatchObject({ version: 5, flag: 'unreadable', what: expect.stringMatching(/^Arrived: does not parse/) });
    expect(timeline.entries).toHaveLength(events.length);
  });

  it('says a verdict in a sentence', () => {
    expect(formatVerdict('Chain', { ok: true, headVersion: 3, headHash: 'abc' }, 3)).toBe('Chain: verified, 3 events, head version 3, head hash abc');
    expect(formatVerdict('Chain', { ok: false, version: 2, reason: 'hash-mismatch', detail: 'x' }, 3)).toBe('Chain: DOES NOT VERIFY at version 2 (hash-mismatch): x');
    expect([formatMinutes(59.6), formatMinutes(120), formatMinutes(125)]).toEqual(['1 h', '2 h', '2 h 5 min']);
  });
});
