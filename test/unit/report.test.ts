import { describe, expect, it } from 'vitest';
import { renderReportPdf } from '../../functions/adapters/report-pdf';
import { buildReportBody, ReportBody, reportCategories } from '../../functions/core/report';
import { reportDocument } from '../../functions/core/report-document';
import { escapeMarkdown, renderReportMarkdown } from '../../functions/core/report-markdown';
import { ALICE, OFFICE, SLT, WORKFLOW } from '../support/actors';
import { pdfPageCount, pdfText } from '../support/pdf-text';
import { completedVisit, CONCERN, filedReport, NOTES, noShowVisit, RESOLVED_REASON, unsafeVisit } from '../support/report-visits';
import { scenario } from '../support/scenario';

/** Text as a reader sees it: runs joined and whitespace collapsed (the PDF wraps long lines). */
const flat = (text: string): string => text.replace(/\s+/g, ' ');

describe('the report body (filed by the workflow, parsed by everyone with ReportBody)', () => {
  it('holds the facts of a completed visit: who, when, what was agreed, the alert and the concern', () => {
    const s = completedVisit();
    const body = ReportBody.parse(s.visit.report?.body);

    expect(body).toMatchObject({
      school: { id: 'harrogate-high', name: 'Harrogate High School' },
      pupil: { name: 'Sam Pupil' },
      address: '12 Example Road, Northampton NN1 1AA',
      date: '2026-11-23',
      visit: { kind: 'planned', purpose: 'attendance' },
      authorisation: { decision: 'authorised', by: SLT },
      riskAssessment: { rating: 'low', outcome: 'proceed' },
      peoplePresent: [{ name: 'Pat Parent', relationship: 'parent' }],
      discussion: { facts: NOTES.facts, agreements: NOTES.agreements, professionalOpinion: NOTES.professionalOpinion },
      concerns: [{ summary: CONCERN, reportedTo: ['dsl'] }],
      cancellation: null,
      followUp: { needed: true, whenAgreementsBroken: true, ruleApplies: true },
      outcome: 'completed',
      categories: ['Home visit', 'Attendance', 'Safeguarding', 'Staff safety'],
    });
    expect(Object.keys(body.times)).toEqual(['departed', 'arrived', 'entered', 'left', 'returned']);
    // Who acknowledged it when, and who resolved it, when, with what reason: two acts, two minutes apart.
    expect(body.alerts).toEqual([
      expect.objectContaining({
        kind: 'check-in-overdue',
        levelReached: 2,
        notified: ['office', 'dsl', 'headteacher'],
        acknowledgedBy: OFFICE,
        acknowledgedAt: '2026-11-23T13:03:00.000Z',
        resolvedBy: OFFICE,
        resolvedAt: '2026-11-23T13:05:00.000Z',
        resolution: 'resolved',
        reason: RESOLVED_REASON,
      }),
    ]);
    // Opinion is never mixed into the facts.
    expect(body.discussion.facts.join(' ')).not.toContain('overwhelmed');
  });

  it('records a no-show: cancelled at the door by the workflow, nothing required in writing', () => {
    const body = ReportBody.parse(noShowVisit().visit.report?.body);

    expect(body).toMatchObject({
      outcome: 'cancelled',
      cancellation: { reason: 'parent-no-show', rule: 'parent-no-show-wait', by: { role: 'system' }, staffWereOut: true, writtenNoticeTo: null },
      peoplePresent: [],
      categories: ['Home visit', 'Attendance'],
    });
    expect(body.times.entered).toBeUndefined();
    expect(body.times.returned).toBeDefined();
  });

  it('records an unsafe cancellation with what was seen and the role the policy names for the written reason', () => {
    const body = ReportBody.parse(unsafeVisit().visit.report?.body);

    expect(body.cancellation).toMatchObject({
      reason: 'unsafe',
      unsafeIndicators: ['intoxication', 'unexpected-adults'],
      writtenNoticeTo: { role: 'slt', title: 'Assistant Headteacher' },
    });
    expect(body.categories).toContain('Staff safety');
  });

  it('asks for signatures where the policy does, and says whether they were given', () => {
    const s = scenario('learning-together-academy');
    s.readyToGo().departed().arrived().entered();
    s.ok('leave', { notes: { facts: ['Spoke with dad'], agreements: [], followUpNeeded: false, signatures: { parent: true, officer: true } } }, ALICE);
    s.ok('return', {}, ALICE);
    s.ok('close', {}, WORKFLOW);

    const body = buildReportBody(s.visitIn('closed'), s.policy);

    expect(body.signatures).toEqual({ policy: 'when-attendance', required: true, parent: true, officer: true });
    expect(body.followUp).toMatchObject({ whenAgreementsBroken: false, ruleApplies: false });
  });

  it('files under Home visit always, and Safeguarding or Staff safety when the visit says so', () => {
    expect(reportCategories(noShowVisit().visit, noShowVisit().policy)).toEqual(['Home visit', 'Attendance']);
    expect(reportCategories(completedVisit().visit, completedVisit().policy)).toEqual(['Home visit', 'Attendance', 'Safeguarding', 'Staff safety']);
  });
});

describe('the report in Markdown', () => {
  it('says every fact of a completed visit, with facts, agreements and opinion under their own headings', () => {
    const md = renderReportMarkdown(filedReport(completedVisit().visit));

    for (const fact of [
      '# Home visit report: Sam Pupil',
      '**School:** Harrogate High School',
      '**Address:** 12 Example Road, Northampton NN1 1AA',
      '**Date:** Monday, 23 November 2026',
      '**Visit kind:** Planned',
      '**Authorised:** 09:30, slt-sam (SLT)',
      '**Risk outcome:** Proceed',
      '**Departed:** 09:40, Alice Officer (Staff)',
      '**Arrived:** 10:00',
      '**Entered:** 10:03',
      '**Left:** 13:08',
      '**Returned safely:** 13:28',
      '- Pat Parent (parent)',
      '**Facts (what was seen and said)**',
      '- Mum said the bus pass has expired.',
      '**Agreed**',
      '- Sam takes the 08:05 bus from Monday.',
      '**Professional opinion (kept apart from the facts)**',
      'Mum seemed overwhelmed; early help may support the family.',
      `- ${CONCERN} (raised 13:03 by Alice Officer (Staff); reported to DSL)`,
      `escalated to level 2, notifying Office, DSL, Headteacher; acknowledged by office-olu (Office) at 13:03; resolved 13:05 by office-olu (Office): ${RESOLVED_REASON}`,
      '**Follow-up needed:** Yes',
      '**Follow-up if agreements are broken:** Applies',
      '**CPOMS categories:** Home visit, Attendance, Safeguarding, Staff safety',
    ]) {
      expect(md).toContain(fact);
    }
  });

  it('says why a no-show was cancelled and that nobody went in', () => {
    const md = renderReportMarkdown(filedReport(noShowVisit().visit));

    expect(md).toContain('**Outcome:** Cancelled');
    expect(md).toContain('**Reason:** Parent no show');
    expect(md).toContain('Nobody came to the door within 20 minutes');
    expect(md).toContain('**Cancelled:** 10:20, the workflow (automatic)');
    expect(md).toContain('**Told in writing:** Not required by the policy for this reason');
    expect(md).toContain('**Entered:** Not reached');
    expect(md).toContain('_Nobody: staff did not go in._');
  });

  it('names who was told in writing of an unsafe cancellation, as the policy titles them', () => {
    const md = renderReportMarkdown(filedReport(unsafeVisit().visit));

    expect(md).toContain('**Reason:** Unsafe');
    expect(md).toContain('**What made it unsafe:** intoxication, unexpected adults');
    expect(md).toContain('**Told in writing:** Assistant Headteacher, as the policy names');
  });

  it('escapes what people typed, so a note cannot become markup', () => {
    expect(escapeMarkdown('# not a heading <img src=x> [link](http://x) *bold*')).toBe(
      '\\# not a heading \\<img src=x\\> \\[link\\](http://x) \\*bold\\*',
    );
    expect(escapeMarkdown('- a\nb')).toBe('\\- a b');
  });
});

describe('the report as a PDF', () => {
  it('renders an A4 document whose text holds the pupil, the outcome and the agreements', async () => {
    const report = filedReport(completedVisit().visit);

    const pdf = await renderReportPdf(report);

    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.subarray(-6).toString()).toContain('%%EOF');
    expect(pdfPageCount(pdf)).toBeGreaterThanOrEqual(1);
    const text = flat(pdfText(pdf).join(' '));
    expect(text).toContain('Home visit report: Sam Pupil');
    expect(text).toContain('Outcome Completed');
    expect(text).toContain('Sam takes the 08:05 bus from Monday.');
    expect(text).toContain(`Page 1 of ${pdfPageCount(pdf)}`);
  });

  it('lays out the same sections as the Markdown (one layout, two renderers)', async () => {
    const report = filedReport(unsafeVisit().visit);

    const text = flat(pdfText(await renderReportPdf(report)).join(' '));

    for (const section of reportDocument(report).sections) expect(text).toContain(section.title);
    expect(text).toContain('Assistant Headteacher, as the policy names');
  });
});
