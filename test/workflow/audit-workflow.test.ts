import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { History, Report } from '../../functions/api/schemas';
import { parseVisitEvent } from '../../functions/core/events';
import { renderReportMarkdown } from '../../functions/core/report-markdown';
import { fold } from '../../functions/core/visit-state';
import { storedEvents } from '../../bin/visit-cli';
import type { Actor } from '../../functions/core/actor';
import { AUDITOR, DSL } from '../support/actors';
import { eventAs } from '../support/api-events';
import { T0 } from '../support/scenario';
import { startWorkflowHarness, type WorkflowHarness } from '../support/workflow-harness';

/**
 * Auditing visits the real workflow ran (the synthesised state machine on the local engine, the
 * real step handlers, dynalite, the virtual clock): the report is the one its FileReport step filed.
 */
const PARENT_AT_HOME = { peoplePresent: [{ name: 'Pat Parent', relationship: 'parent' }], invitedIn: true, animals: 'none', unsafeIndicators: [] };

let h: WorkflowHarness;
beforeAll(async () => {
  h = await startWorkflowHarness(1200);
});
afterAll(() => h.close());

const get = async (actor: Actor, path: string) => {
  const reply = await h.runtime.api.route(eventAs(actor, 'GET', path));
  return { status: reply.statusCode, body: String(reply.headers?.['content-type']).startsWith('application/json') ? JSON.parse(reply.body) : reply.body };
};

describe.concurrent('auditing visits the workflow ran', () => {
  it('replays a full visit to the live state, and serves the report its last step filed', async () => {
    const id = await h.atTheDoor('hunsbury-park');
    await h.act(id, 'enter', PARENT_AT_HOME);
    await h.stage(id, 'in-home');
    await h.act(id, 'check-in', { note: 'All well' });
    await h.stage(id, 'in-home');
    await h.act(id, 'leave', { notes: { facts: ['Sam misses the 8:05 bus on Mondays'], agreements: ['Parent walks Sam to the 8:05 bus'] } });
    await h.stage(id, 'returning-safely');
    await h.act(id, 'return', {});
    expect(await h.finished(id)).toBe('SUCCEEDED');

    const live = await get(DSL, `/visits/${id}`);
    const history = History.parse((await get(AUDITOR, `/visits/${id}/history`)).body);
    const report = Report.parse((await get(DSL, `/visits/${id}/report`)).body);

    expect(history.integrity).toMatchObject({ ok: true, headVersion: live.body.version });
    expect(history.state).toEqual(live.body.visit);
    expect(JSON.parse(JSON.stringify(fold(storedEvents(id, history.events).map(parseVisitEvent))))).toEqual(live.body.visit);
    expect(report.reportId).toBe(`${id}-report`);
    expect(report.body).toMatchObject({ outcome: 'completed', discussion: { agreements: ['Parent walks Sam to the 8:05 bus'] }, checkIns: [expect.objectContaining({ by: expect.objectContaining({ userId: 'staff-alice' }) })] });
    // The clock jumped over the waits, yet the report reads in the visit's own time.
    expect(Date.parse(report.body.times.departed!.at)).toBeGreaterThanOrEqual(Date.parse(T0));
    expect(renderReportMarkdown(report)).toContain('**Outcome:** Completed');
  });

  it('files a no-show\'s report from the workflow\'s own cancellation', async () => {
    const id = await h.atTheDoor('learning-together-academy', { appointmentAt: T0 });
    await h.stage(id, 'returning-safely');
    await h.act(id, 'return', {});
    expect(await h.finished(id)).toBe('SUCCEEDED');

    const md = await get(AUDITOR, `/visits/${id}/report?format=md`);

    expect(md.status).toBe(200);
    expect(md.body).toContain('**Reason:** Parent no show');
    expect(md.body).toContain('Nobody came to the door within 10 minutes');
    expect(md.body).toContain('**Cancelled:**');
    expect(md.body).toContain('the workflow (automatic)');
  });
});
