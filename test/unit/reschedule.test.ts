import { describe, expect, it } from 'vitest';
import type { Actor } from '../../functions/core/actor';
import { alertsFor } from '../../functions/core/alerts';
import type { StoredVisitEvent, VisitEvent } from '../../functions/core/events';
import type { Policy } from '../../functions/core/policy';
import { buildReportBody, reportCategories } from '../../functions/core/report';
import { reportDocument } from '../../functions/core/report-document';
import { buildTimeline, type TimelineEvent } from '../../functions/core/timeline';
import { loadTrust } from '../../policies/load';
import { ALICE, BOB, CAROL, HEAD, OFFICE, WORKFLOW } from '../support/actors';
import { expectRefused, Scenario, types } from '../support/scenario';

/**
 * Changes to the arrangement (issue 11 §11): before anyone sets out, the appointment can be moved or
 * the staff changed; the change is checked as a request is, recorded with its reason, told to whom
 * the policy names, and re-authorised where the policy asks.
 *
 * The policy is a seed school's with the rules under test set here, so the tests say what they rely on:
 * a school day of 08:00-16:00 (Europe/London, GMT in November: T0 is Monday 09:30), visits outside
 * it forbidden, and changes told to the headteacher.
 */
function policyWith(changes: Partial<Policy['changes']> = {}, overrides: Partial<Policy> = {}): Policy {
  const base = loadTrust('sample-trust').policies.get('hunsbury-park')!;
  return {
    ...base,
    calendar: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '08:00', until: '16:00', outside: 'forbidden' },
    staffing: { ...base.staffing, pairs: 'when-risk', safeWordRequired: false },
    changes: { notify: ['headteacher'], reauthorise: 'when-staff-change', ...changes },
    ...overrides,
  };
}

const CAROL_STAFF = { userId: CAROL.userId, name: 'Carol Third' };
const ALICE_STAFF = { userId: ALICE.userId, name: 'Alice Officer' };
const BOB_STAFF = { userId: BOB.userId, name: 'Bob Worker' };

/** A visit authorised, risk-assessed and ready to set out. */
const ready = (policy: Policy = policyWith(), authoriser: Actor = HEAD) => new Scenario(policy).requested().authorised(authoriser).assessed();

/** The scenario's events as the store returns them (versions from 1). */
const stored = (s: Scenario): StoredVisitEvent[] =>
  s.history.map((event, index) => ({ ...event, streamId: 'visit-0001', version: index + 1, prevHash: '', hash: '' }) as StoredVisitEvent);

describe('rescheduling a visit before anyone sets out', () => {
  it('moves the appointment within the school day: recorded with its reason, folded into the arrangement, no new authorisation for a time change', () => {
    const s = ready();

    const decision = s.act(
      'reschedule',
      { appointmentAt: '2026-11-23T11:00:00.000Z', plannedStartAt: '2026-11-23T10:30:00.000Z', expectedReturnAt: '2026-11-23T12:30:00.000Z', reason: 'Mum starts work at ten.' },
      OFFICE,
    );

    expect(types(decision)).toEqual(['VisitRescheduled']);
    expect(s.history.at(-1)).toMatchObject({
      type: 'VisitRescheduled',
      data: {
        changes: { appointmentAt: '2026-11-23T11:00:00.000Z', plannedStartAt: '2026-11-23T10:30:00.000Z', expectedReturnAt: '2026-11-23T12:30:00.000Z' },
        previous: { appointmentAt: '2026-11-23T10:00:00.000Z', plannedStartAt: '2026-11-23T09:30:00.000Z', expectedReturnAt: '2026-11-23T11:30:00.000Z' },
        reason: 'Mum starts work at ten.',
        reauthorise: false,
        notify: ['headteacher'],
      },
      meta: { actor: OFFICE },
    });
    expect(s.visit.status).toBe('ready');
    expect(s.visit.details).toMatchObject({ appointmentAt: '2026-11-23T11:00:00.000Z', expectedReturnAt: '2026-11-23T12:30:00.000Z' });
    expect(s.visit.authorised?.by).toEqual(HEAD);
    expect(s.visit.rescheduled).toHaveLength(1);
  });

  it('refuses a new time that would end after the school day, naming the rule, and writes nothing', () => {
    const s = ready();
    const before = s.history.length;

    const decision = s.act('reschedule', { expectedReturnAt: '2026-11-23T17:00:00.000Z', reason: 'A longer meeting.' }, OFFICE);

    expectRefused(decision, 'outside-school-day');
    expect(!decision.ok && decision.message).toMatch(/17:00, after 16:00/);
    expect(s.history).toHaveLength(before);
    expect(s.visit.details.expectedReturnAt).toBe('2026-11-23T11:30:00.000Z');
  });

  it('refuses a change that changes nothing', () => {
    const s = ready();
    expectRefused(s.act('reschedule', { appointmentAt: '2026-11-23T10:00:00Z', reason: 'Same time.' }, OFFICE), 'arrangement-unchanged');
  });

  it('under "when-staff-change", sends a visit whose staff changed back to be authorised again, and on once it is', () => {
    const s = ready(policyWith({ reauthorise: 'when-staff-change' }));

    const decision = s.act('reschedule', { staff: [ALICE_STAFF, CAROL_STAFF], reason: 'Bob is off sick.' }, OFFICE);

    expect(types(decision)).toEqual(['VisitRescheduled']);
    expect(s.history.at(-1)).toMatchObject({ data: { reauthorise: true, changes: { staff: [ALICE_STAFF, CAROL_STAFF] }, previous: { staff: [ALICE_STAFF, BOB_STAFF] } } });
    expect(s.visit.status).toBe('requested');
    expect(s.visit.authorised).toBeUndefined();
    expect(s.visit.risk).toBeUndefined();
    expect(s.visit.rescheduled?.[0]?.withdrawn).toMatchObject({ by: HEAD });
    // The old authorisation does not stand: the workflow cannot assess risk on it.
    expectRefused(s.step('assess-risk', {}), 'authorisation-required');
    s.authorised(HEAD).assessed();
    expect(s.visit.status).toBe('ready');
    expect(s.visit.details.staff.map((member) => member.userId)).toEqual([ALICE.userId, CAROL.userId]);
    // Carol is on the visit now, and may depart; Bob is not.
    expectRefused(s.act('depart', {}, BOB), 'assigned-staff-only', 'forbidden');
    expect(types(s.act('depart', {}, CAROL))).toEqual(['Departed']);
  });

  it('under "when-staff-change", a new mobile number for the same staff is recorded but is not a new team', () => {
    const s = ready(policyWith({ reauthorise: 'when-staff-change' }));
    s.act('reschedule', { staff: [{ ...ALICE_STAFF, mobile: '07700 900123' }, BOB_STAFF], reason: 'New phone.' }, ALICE);
    expect(s.history.at(-1)).toMatchObject({ type: 'VisitRescheduled', data: { reauthorise: false } });
    expect(s.visit.status).toBe('ready');
  });

  it('under "always", any change goes back for authorisation; under "never", none does', () => {
    const always = ready(policyWith({ reauthorise: 'always' }));
    always.act('reschedule', { appointmentAt: '2026-11-23T10:30:00.000Z', reason: 'Later.' }, OFFICE);
    expect(always.visit.status).toBe('requested');

    const never = ready(policyWith({ reauthorise: 'never' }));
    never.act('reschedule', { staff: [ALICE_STAFF, CAROL_STAFF], reason: 'Bob is off sick.' }, OFFICE);
    expect(never.visit.status).toBe('ready');
    expect(never.history.at(-1)).toMatchObject({ data: { reauthorise: false } });
  });

  it('a visit still waiting for authorisation stays there, with nothing to withdraw', () => {
    const s = new Scenario(policyWith({ reauthorise: 'always' })).requested();
    s.act('reschedule', { staff: [ALICE_STAFF, CAROL_STAFF], reason: 'Bob is off sick.' }, OFFICE);
    expect(s.history.at(-1)).toMatchObject({ type: 'VisitRescheduled', data: { reauthorise: false } });
    expect(s.visit.status).toBe('requested');
  });

  it('where the authorisation stands, the authoriser cannot join the visit', () => {
    const s = ready(policyWith({ reauthorise: 'never' }, { duties: { ...policyWith().duties, carryOut: ['family-support-worker', 'headteacher'] } }));
    const decision = s.act('reschedule', { staff: [ALICE_STAFF, { userId: HEAD.userId, name: 'Hana Head', role: 'headteacher' }], reason: 'The head will go.' }, OFFICE);
    expectRefused(decision, 'authoriser-cannot-be-visitor');
  });

  it('checks the new staff as a request would: who may carry out a visit', () => {
    const s = ready();
    const decision = s.act('reschedule', { staff: [ALICE_STAFF, { userId: 'office-olu', name: 'Olu Office', role: 'office' }], reason: 'Olu will go.' }, OFFICE);
    expectRefused(decision, 'carry-out-role');
  });

  it('refuses once anyone has departed', () => {
    const s = ready().departed();
    const decision = s.act('reschedule', { appointmentAt: '2026-11-23T10:30:00.000Z', reason: 'Running late.' }, ALICE);
    expectRefused(decision, 'reschedule-before-departure');
  });

  it('is for the staff on the visit or those the policy lets request or cancel one', () => {
    const policy = policyWith({}, { duties: { ...policyWith().duties, request: ['office'] } });
    const s = new Scenario(policy).requested({}, OFFICE).authorised().assessed();
    expectRefused(s.act('reschedule', { appointmentAt: '2026-11-23T10:30:00.000Z', reason: 'x' }, CAROL), 'rescheduler-role', 'forbidden');
    expect(types(s.act('reschedule', { appointmentAt: '2026-11-23T10:30:00.000Z', reason: 'Mum asked.' }, BOB))).toEqual(['VisitRescheduled']);
    expectRefused(s.act('reschedule', { appointmentAt: '2026-11-23T10:45:00.000Z', reason: 'x' }, WORKFLOW), 'rescheduler-role', 'forbidden');
  });

  it('tells whoever the policy\'s changes.notify names, with what changed and why (an info notice)', () => {
    const policy = policyWith({ notify: ['dsl', 'headteacher'] });
    const s = ready(policy);
    s.act('reschedule', { staff: [ALICE_STAFF, CAROL_STAFF], reason: 'Bob is off sick.' }, { ...OFFICE, name: 'Olu Office' });

    const events = stored(s);
    const messages = alertsFor(events.slice(-1), s.visit, policy);

    expect(messages).toEqual([
      expect.objectContaining({ kind: 'arrangement-changed', severity: 'info', level: 0, notify: ['dsl', 'headteacher'], messageId: `visit-0001:${events.length}` }),
    ]);
    expect(messages[0]!.text).toContain('Olu Office changed the arrangement');
    expect(messages[0]!.text).toContain('staff Alice Officer and Carol Third (was Alice Officer and Bob Worker)');
    expect(messages[0]!.text).toContain('Reason: Bob is off sick.');
    expect(messages[0]!.text).toContain('authorised again');
    expect(messages[0]!.text).not.toContain(s.visit.details.pupil.name);

    const silent = ready(policyWith({ notify: [] }));
    silent.act('reschedule', { appointmentAt: '2026-11-23T10:30:00.000Z', reason: 'Later.' }, OFFICE);
    expect(alertsFor(stored(silent).slice(-1), silent.visit, silent.policy)).toEqual([]);
  });

  it('shows in the auditor\'s timeline', () => {
    const s = ready();
    s.act('reschedule', { appointmentAt: '2026-11-23T11:00:00.000Z', reason: 'Mum starts work at ten.' }, { ...OFFICE, name: 'Olu Office' });
    const events: TimelineEvent[] = s.history.map((event: VisitEvent, index) => ({
      version: index + 1,
      type: event.type,
      data: event.data,
      actor: event.meta.actor.userId,
      ...(event.meta.actor.name ? { actorName: event.meta.actor.name } : {}),
      role: event.meta.actor.role,
      recordedAt: event.meta.recordedAt,
    }));
    const entry = buildTimeline({ visitId: 'visit-0001', events, policy: s.policy }).entries.at(-1)!;
    expect(entry.who).toBe('Olu Office (office)');
    expect(entry.what).toBe('Arrangement changed: Changed: appointment 10:00 → 11:00; Reason: Mum starts work at ten.; Told: Headteacher');
  });
});

describe('the report names people, not user ids', () => {
  it('names the authoriser (from their identity\'s name), and the change and whose authorisation it withdrew', () => {
    const head: Actor = { ...HEAD, name: 'Hana Head' };
    const s = new Scenario(policyWith({ reauthorise: 'when-staff-change' })).requested().authorised(head).assessed();
    s.after(5).act('reschedule', { staff: [ALICE_STAFF, CAROL_STAFF], reason: 'Bob is off sick.' }, { ...OFFICE, name: 'Olu Office' });
    s.after(5).authorised(head).assessed();
    s.after(5).act('cancel', { reason: 'family-declined', detail: 'Mum phoned to say not today.' }, { ...OFFICE, name: 'Olu Office' });
    s.after(1).step('close', {});

    const body = buildReportBody(s.visitIn('closed'), s.policy);
    const document = reportDocument({ visitId: 'visit-0001', reportId: 'r-1', filedAt: s.now, categories: reportCategories(s.visit, s.policy), body });
    const fields = Object.fromEntries(
      document.sections
        .find((section) => section.title === 'Authorisation')!
        .blocks.flatMap((block) => (block.kind === 'fields' ? block.fields : []))
        .map(([label, value]) => [label, value]),
    );

    expect(fields.Authorised).toBe('09:40, Hana Head (Headteacher)');
    expect(fields.Rearranged).toContain('09:35, Olu Office (Office)');
    expect(fields.Rearranged).toContain('staff Alice Officer and Bob Worker → Alice Officer and Carol Third');
    expect(fields.Rearranged).toContain('The authorisation given 09:30 by Hana Head (Headteacher) no longer stood');
    expect(fields.Rearranged).toContain('Told: Headteacher');
    expect(JSON.stringify(document)).not.toContain(HEAD.userId);
  });
});
