import type { VisitNotes } from '../../functions/core/events';
import { buildReportBody, reportCategories, type FiledReport } from '../../functions/core/report';
import type { Visit } from '../../functions/core/visit-state';
import { ALICE, OFFICE, SLT } from './actors';
import { scenario, type Scenario } from './scenario';

/**
 * Three visits that end differently, run through the real decide/evolve (Scenario), for the
 * report's tests: completed with an answered alert, a concern and notes; a parent who never came to
 * the door; a visit cancelled at the door because it was unsafe.
 */

export const NOTES: VisitNotes = {
  facts: ['Sam was at home and dressed for school.', 'Mum said the bus pass has expired.'],
  agreements: ['Sam takes the 08:05 bus from Monday.', 'School renews the bus pass by Friday.'],
  professionalOpinion: 'Mum seemed overwhelmed; early help may support the family.',
  followUpNeeded: true,
};

export const CONCERN = 'Younger sibling not in school and no nursery place known.';

/** Why the office resolved the completed visit's missed check-in. */
export const RESOLVED_REASON = 'Phoned Alice: fine, phone was on silent.';

function mustStep(s: Scenario, ...args: Parameters<Scenario['step']>): void {
  const decision = s.step(...args);
  if (!decision.ok) throw new Error(`${args[0]} refused: ${decision.rule}`);
}

function mustAct(s: Scenario, ...args: Parameters<Scenario['act']>): void {
  const decision = s.act(...args);
  if (!decision.ok) throw new Error(`${args[0]} refused: ${decision.rule}`);
}

/**
 * Harrogate High: authorised by the Assistant Headteacher (SLT); a missed check-in reaches level 2,
 * the office acknowledges it ("I have it") and, once it has reached Alice, resolves it with the reason.
 */
export function completedVisit(): Scenario {
  const s = scenario('harrogate-high');
  s.requested().authorised(SLT).assessed();
  s.after(10).departed();
  s.after(20).arrived();
  s.after(3).entered();
  s.after(40);
  mustAct(s, 'check-in', { note: 'Talking with mum in the kitchen.' });
  s.after(121);
  mustStep(s, 'deadline-passed', { kind: 'check-in' });
  const alertId = s.visit.alerts[0]!.alertId;
  s.after(15);
  mustStep(s, 'escalate', { alertId });
  s.after(4);
  mustAct(s, 'acknowledge', { alertId, note: 'Calling Alice now.' }, OFFICE);
  mustAct(s, 'raise-concern', { summary: CONCERN }, ALICE);
  s.after(2);
  mustAct(s, 'resolve-alert', { alertId, reason: RESOLVED_REASON }, OFFICE);
  s.after(3);
  mustAct(s, 'leave', { notes: NOTES });
  s.after(20);
  mustAct(s, 'return', {});
  return closeAndFile(s);
}

/** Hunsbury Park: at the door at 09:55 for a 10:00 appointment; nobody comes within 20 minutes. */
export function noShowVisit(): Scenario {
  const s = scenario('hunsbury-park');
  s.readyToGo();
  s.after(10).departed();
  s.after(15).arrived();
  s.after(25);
  mustStep(s, 'deadline-passed', { kind: 'parent-arrival' });
  s.after(15);
  mustAct(s, 'return', {});
  return closeAndFile(s);
}

/** Harrogate High: intoxicated adults at the door; cancelled, the reason in writing to the Assistant Headteacher. */
export function unsafeVisit(): Scenario {
  const s = scenario('harrogate-high');
  s.requested().authorised(SLT).assessed();
  s.after(10).departed();
  s.after(20).arrived();
  s.after(2);
  mustAct(s, 'cancel', {
    reason: 'unsafe',
    detail: 'Two unknown adults at the door, one visibly intoxicated; we did not go in.',
    unsafeIndicators: ['intoxication', 'unexpected-adults'],
  });
  s.after(18);
  mustAct(s, 'return', {});
  return closeAndFile(s);
}

function closeAndFile(s: Scenario): Scenario {
  s.after(1);
  mustStep(s, 'close', {});
  const visit = s.visitIn('closed');
  mustStep(s, 'file-report', { reportId: `${visit.visitId}-report`, categories: reportCategories(visit, s.policy), body: buildReportBody(visit, s.policy) });
  return s;
}

/** The filed report as the API serves it. */
export function filedReport(visit: Visit): FiledReport {
  const report = visit.report;
  if (!report) throw new Error('no report filed');
  return { visitId: visit.visitId, reportId: report.reportId, filedAt: report.at, categories: report.categories, body: report.body as FiledReport['body'] };
}
