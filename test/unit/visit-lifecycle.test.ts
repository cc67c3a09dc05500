import { describe, expect, it } from 'vitest';
import { fold } from '../../functions/core/visit-state';
import { nextDeadline } from '../../functions/core/deadlines';
import { ALICE, AUDITOR, HEAD, OFFICE } from '../support/actors';
import { expectRefused, scenario, types } from '../support/scenario';

describe('a visit from request to filed report', () => {
  it('records every stage of a completed visit, in order', () => {
    const s = scenario('hunsbury-park').readyToGo().departed().after(20).arrived().entered();
    s.after(45).ok('check-in', { note: 'going well' }, ALICE);
    s.after(10).ok('leave', { notes: { facts: ['Parent explained the bus route changed'], agreements: ['Sam on the 8:05 bus'], followUpNeeded: false } }, ALICE);
    s.after(15).ok('return', {}, ALICE);
    expect(types(s.step('close', {}))).toEqual(['VisitClosed']);
    expect(types(s.step('file-report', { reportId: 'report-1', categories: ['Home visit'], body: {} }))).toEqual(['ReportFiled']);
    expect(s.history.map((event) => event.type)).toEqual([
      'VisitRequested', 'VisitAuthorised', 'RiskAssessed', 'Departed', 'Arrived', 'Entered', 'CheckedIn', 'LeftHome',
      'ReturnedSafely', 'VisitClosed', 'ReportFiled',
    ]);
    expect(s.visit).toMatchObject({ status: 'filed', closed: { outcome: 'completed' }, version: 11 });
  });

  it('folds the same state from the history as was built step by step, and as of any past time', () => {
    const s = scenario('hunsbury-park').readyToGo();
    const authorisedAt = s.now;
    s.after(5).departed();
    expect(fold(s.history)).toEqual(s.state);
    expect(fold(s.history, authorisedAt).status).toBe('ready');
  });

  it('runs the check-in clock from departure at the policy interval', () => {
    const s = scenario('hunsbury-park').readyToGo().departed();
    expect(nextDeadline(s.visit, s.policy)).toEqual({ kind: 'check-in', at: '2026-11-23T11:30:00.000Z', rule: 'check-in-interval' });
  });

  it('lets auditors read but never change a visit', () => {
    const s = scenario('hunsbury-park').requested();
    expectRefused(s.act('authorise', {}, AUDITOR), 'auditors-read-only', 'forbidden');
    expectRefused(s.act('cancel', { reason: 'other', detail: 'x' }, AUDITOR), 'auditors-read-only', 'forbidden');
    expect(s.history).toHaveLength(1);
  });

  it('refuses departure before authorisation and before the risk assessment, naming which', () => {
    const s = scenario('hunsbury-park').requested();
    expectRefused(s.act('depart', {}), 'authorisation-required');
    s.authorised(HEAD);
    expectRefused(s.act('depart', {}), 'risk-assessment-required');
    expectRefused(s.act('depart', {}, OFFICE), 'assigned-staff-only', 'forbidden');
  });
});
