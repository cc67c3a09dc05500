import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { History, Report } from '../../functions/api/schemas';
import type { Actor } from '../../functions/core/actor';
import { auditStreamId } from '../../functions/core/audit';
import { parseVisitEvent } from '../../functions/core/events';
import { hashEvent } from '../../functions/core/hash-chain';
import { fold } from '../../functions/core/visit-state';
import { createSteps } from '../../functions/steps/steps';
import { EXIT, main, storedEvents } from '../../bin/visit-cli';
import { createLocalAuth, DEMO_DURESS_CODE, generateStoredKey, type LocalAuth } from '../../local/auth';
import { ALICE, AUDITOR, CAROL, DSL, HEAD, OFFICE, SLT } from '../support/actors';
import { eventAs } from '../support/api-events';
import { ENTER_BODY, startApiHarness, type ApiHarness } from '../support/api-harness';
import { runCli } from '../support/cli';
import { serveApi, type HttpApi } from '../support/http-api';
import { uniqueId } from '../support/ids';
import { pdfText } from '../support/pdf-text';
import { CONCERN, NOTES } from '../support/report-visits';
import { policyOf, seedPolicies, visitDetails } from '../support/scenario';
import { rewriteStoredEvent } from '../support/stored-items';

/**
 * Auditing through the API on dynalite: history and asOf, the hash chain's verdict after someone
 * rewrites an item with the raw SDK, the record of who read the history, the report in its three
 * formats, and the auditors' CLI against the API behind a real HTTP server.
 */

const ADMIN: Actor = { userId: 'admin-ade', role: 'admin' };
/** Why the office resolved the duress alert of a 'duress' visit. */
const DURESS_RESOLVED = 'Alice back at school and safe; police stood down.';

let h: ApiHarness;
let auth: LocalAuth;
let http: HttpApi;
let steps: ReturnType<typeof createSteps>;

beforeAll(async () => {
  h = await startApiHarness();
  auth = await createLocalAuth({ key: await generateStoredKey() });
  http = await serveApi(h.api.route, auth);
  steps = createSteps({ store: h.store, tokens: h.tokens, signals: h.workflow, clock: h.clock, policies: seedPolicies });
});
afterAll(async () => {
  await http.close();
  await h.stop();
});

interface Boundary {
  readonly at: string;
  readonly status: string;
  readonly version: number;
}

/**
 * A visit taken through the API and the workflow's own step functions, the clock moving between
 * stages so that every stage begins at its own time. Returns each stage's start.
 */
async function liveVisit(ending: 'completed' | 'no-show' | 'unsafe' | 'duress', schoolId = 'harrogate-high') {
  const visitId = uniqueId('visit');
  const policy = policyOf(schoolId);
  const boundaries: Boundary[] = [];
  const mark = async () => {
    const visit = await h.visit(visitId);
    boundaries.push({ at: h.clock.current, status: visit.status, version: visit.version });
  };
  const act = async (minutes: number, actor: Actor, action: string, body: unknown = {}) => {
    h.clock.advance(minutes);
    await h.arm(visitId);
    const reply = await h.call(actor, 'POST', `/visits/${visitId}/${action}`, body);
    if (reply.status >= 300) throw new Error(`${action}: ${reply.status} ${JSON.stringify(reply.body)}`);
    await mark();
  };
  // The workflow's steps as it takes them, except that the visit closes on its own (closeThenPlan would
  // file the report in the same instant): the report is filed a minute later, so each status has its own start.
  const step = async (minutes: number, name: 'assessRisk' | 'onDeadline' | 'close' | 'fileReport') => {
    h.clock.advance(minutes);
    const input = { visitId, policy, version: (await h.visit(visitId)).version };
    await (name === 'close' ? h.step(visitId, 'close', {}) : steps[`${name}ThenPlan`](input));
    await mark();
  };

  h.clock.advance(1);
  const requested = await h.call(ALICE, 'POST', '/visits', { visitId, details: visitDetails(schoolId) });
  if (requested.status !== 201) throw new Error(`request: ${JSON.stringify(requested.body)}`);
  await mark();
  await act(5, schoolId === 'harrogate-high' ? SLT : HEAD, 'authorise', { note: 'In a pair, please.' });
  await step(2, 'assessRisk');
  await act(10, ALICE, 'depart');
  await act(20, ALICE, 'arrive');
  if (ending === 'no-show') {
    await step(policy.arrival.parentNoShowMinutes + 1, 'onDeadline');
  } else if (ending === 'unsafe') {
    await act(2, ALICE, 'cancel', { reason: 'unsafe', detail: 'An intoxicated adult answered the door; we did not go in.', unsafeIndicators: ['intoxication'] });
  } else {
    await act(3, ALICE, 'enter', ENTER_BODY);
    await act(40, ALICE, 'check-in', ending === 'duress' ? { code: DEMO_DURESS_CODE } : { note: 'All well.' });
    if (ending === 'duress') {
      const alert = (await h.visit(visitId)).alerts.find((candidate) => candidate.kind === 'duress');
      await act(2, OFFICE, 'acknowledge', { alertId: alert!.alertId, note: 'Police called.' });
    }
    await act(5, ALICE, 'raise-concern', { summary: CONCERN });
    await act(30, ALICE, 'leave', { notes: NOTES });
  }
  await act(20, ALICE, 'return');
  if (ending === 'duress') {
    // Acknowledged is not handled: the visit closes once the office resolves the alert, Alice back and safe.
    const alert = (await h.visit(visitId)).alerts.find((candidate) => candidate.kind === 'duress');
    await act(1, OFFICE, 'resolve-alert', { alertId: alert!.alertId, reason: DURESS_RESOLVED });
  }
  await step(1, 'close');
  await step(1, 'fileReport');
  return { visitId, boundaries };
}


/** A response that is not JSON (Markdown, PDF), as the router returns it. */
async function raw(actor: Actor, path: string) {
  return h.api.route(eventAs(actor, 'GET', path));
}

/** The CLI's main, in-process, against the HTTP server. */
async function cli(user: string, ...args: string[]) {
  return runCli(args, http.url, await auth.tokenFor(user));
}

describe('replaying a visit\'s history', () => {
  it('folds the history of a full visit to exactly the live state, on the server and here', async () => {
    const { visitId } = await liveVisit('completed');

    const live = await h.call(DSL, 'GET', `/visits/${visitId}`);
    const history = await h.call(AUDITOR, 'GET', `/visits/${visitId}/history`);

    expect(history.status).toBe(200);
    History.parse(history.body);
    expect(history.body.integrity).toMatchObject({ ok: true, headVersion: live.body.version });
    expect(history.body.state).toEqual(live.body.visit);
    const replayedHere = fold(storedEvents(visitId, History.parse(history.body).events).map(parseVisitEvent));
    expect(JSON.parse(JSON.stringify(replayedHere))).toEqual(live.body.visit);
    expect(history.body.policy).toMatchObject({ schoolId: 'harrogate-high', version: '2021-01' });
  });

  it('gives, as of each stage\'s start, the state of that stage, and just before it the one before', async () => {
    const { visitId, boundaries } = await liveVisit('completed');
    const statuses = boundaries.map((boundary) => boundary.status);
    expect(statuses).toEqual(expect.arrayContaining(['requested', 'authorised', 'ready', 'travelling', 'at-door', 'in-home', 'returning', 'returned', 'closed', 'filed']));

    for (const [index, boundary] of boundaries.entries()) {
      const then = await h.call(AUDITOR, 'GET', `/visits/${visitId}/history?asOf=${encodeURIComponent(boundary.at)}`);
      expect(then.body.state, `as of ${boundary.at}`).toMatchObject({ status: boundary.status, version: boundary.version });
      expect(then.body.events.at(-1).version).toBe(boundary.version);
      expect(then.body.streamIntegrity).toMatchObject({ ok: true });

      const justBefore = new Date(Date.parse(boundary.at) - 1).toISOString();
      const before = await h.call(AUDITOR, 'GET', `/visits/${visitId}/history?asOf=${encodeURIComponent(justBefore)}`);
      if (index === 0) expect(before.body.state).toBeNull();
      else expect(before.body.state, `just before ${boundary.at}`).toMatchObject({ status: boundaries[index - 1]!.status, version: boundaries[index - 1]!.version });
    }
  });
});

describe('a stored event altered in the table', () => {
  it('is named at its version by the API and fails the CLI\'s verify and replay', async () => {
    const { visitId } = await liveVisit('completed');
    const clean = await cli('auditor-ari', 'verify', visitId);
    expect(clean.code).toBe(EXIT.verified);
    expect(clean.out).toMatch(/^Chain: verified, \d+ events/m);

    await rewriteStoredEvent(h.eventTable, visitId, 6, (event) => ({ ...event, data: { peoplePresent: [{ name: 'Someone Else', relationship: 'parent' }] } }));

    const history = await h.call(AUDITOR, 'GET', `/visits/${visitId}/history`);
    const verify = await cli('auditor-ari', 'verify', visitId);
    const replay = await cli('dsl-dev', 'replay', visitId);

    expect(history.body.integrity).toMatchObject({ ok: false, version: 6, reason: 'hash-mismatch' });
    // The altered event is shown as stored, never hidden.
    expect(history.body.events[5].data.peoplePresent[0].name).toBe('Someone Else');
    expect(verify.code).toBe(EXIT.broken);
    expect(verify.out).toContain('Chain: DOES NOT VERIFY at version 6 (hash-mismatch)');
    expect(verify.out).toContain('PROBLEM: the visit\'s chain does not verify at version 6');
    expect(replay.code).toBe(EXIT.broken);
    expect(replay.out).toContain('Someone Else');
  });

  it('rewritten with a fresh hash too, breaks the link at the next version', async () => {
    const { visitId } = await liveVisit('no-show', 'hunsbury-park');

    await rewriteStoredEvent(h.eventTable, visitId, 3, (event) => {
      const { hash: _old, ...rest } = { ...event, data: { ...event.data, rating: 'high' } };
      return { ...rest, hash: hashEvent(rest) };
    });

    const history = await h.call(HEAD, 'GET', `/visits/${visitId}/history`);
    const verify = await cli('head-hana', 'verify', visitId);

    expect(history.body.integrity).toMatchObject({ ok: false, version: 4, reason: 'prev-hash-mismatch' });
    expect(verify.code).toBe(EXIT.broken);
    expect(verify.out).toContain('DOES NOT VERIFY at version 4 (prev-hash-mismatch)');
  });

  it('is caught by verify --expect-head when the head itself was rewritten with its hash', async () => {
    const { visitId } = await liveVisit('unsafe');
    const before = await h.call(AUDITOR, 'GET', `/visits/${visitId}/history`);
    const head = before.body.integrity.headHash as string;
    const last = before.body.events.at(-1).version as number;

    await rewriteStoredEvent(h.eventTable, visitId, last, (event) => {
      const { hash: _old, ...rest } = { ...event, data: { ...event.data, categories: ['Home visit'] } };
      return { ...rest, hash: hashEvent(rest) };
    });

    const plain = await cli('auditor-ari', 'verify', visitId);
    const pinned = await cli('auditor-ari', 'verify', visitId, '--expect-head', head);

    expect(plain.code).toBe(EXIT.verified);
    expect(pinned.code).toBe(EXIT.broken);
    expect(pinned.out).toContain(`not the expected ${head}`);
  });
});

describe('the CLI', () => {
  it('prints a readable timeline with stages, check-in gaps against the policy and who answered alerts', async () => {
    const { visitId } = await liveVisit('duress');

    const { code, out } = await cli('auditor-ari', 'replay', visitId);

    expect(code).toBe(EXIT.verified);
    expect(out).toContain(`Visit ${visitId} · Harrogate High School · policy 2021-01`);
    expect(out).toMatch(/in-home +Alice Officer \(staff\) +!  Checked in with the duress code \(silent alert\): Alert \S+/);
    expect(out).toMatch(/answered by office-olu \(office\) at \S+ \(2 min after it was raised\); resolved \S+ by office-olu \(office\): Alice back at school and safe; police stood down\./);
    expect(out).toMatch(/Gaps between check-ins \(policy: 2 h; from leaving, the safe return\)\n {2}\S+ Set out \(v4\) → \S+ Checked in \(v7\): 1 h 3 min \(limit 2 h\) {2}ok/);
    expect(out).toMatch(/Chain: verified, \d+ events, head version \d+/);
  });

  it('replays as of a past time', async () => {
    const { visitId, boundaries } = await liveVisit('no-show', 'hunsbury-park');
    const atTheDoor = boundaries.find((boundary) => boundary.status === 'at-door')!;

    const { code, out } = await cli('auditor-ari', 'replay', visitId, '--as-of', atTheDoor.at);

    expect(code).toBe(EXIT.verified);
    expect(out).toContain('Arrived at the door');
    expect(out).not.toContain('Cancelled');
    expect(out).toContain(`Chain up to ${atTheDoor.at}: verified, ${atTheDoor.version} events`);
  });

  it('exits 3 when the API refuses the caller, and 2 on bad usage', async () => {
    const { visitId } = await liveVisit('unsafe');

    const staff = await cli('staff-alice', 'verify', visitId);
    const usage = await main(['inspect', visitId], { out: () => undefined, err: () => undefined, env: {}, fetch });
    const noToken = await main(['verify', visitId, '--url', http.url], { out: () => undefined, err: () => undefined, env: {}, fetch });

    expect(staff.code).toBe(EXIT.unreadable);
    expect(staff.err).toContain('403');
    expect(usage).toBe(EXIT.usage);
    expect(noToken).toBe(EXIT.usage);
  });
});

describe('reads of the history are recorded', () => {
  it('in the visit\'s own audit stream, hash-chained, leaving the visit\'s history untouched', async () => {
    const { visitId } = await liveVisit('unsafe');
    const before = await h.store.read(visitId);

    const first = await h.call(AUDITOR, 'GET', `/visits/${visitId}/history`);
    const asOf = before[3]!.meta.recordedAt;
    await h.call(DSL, 'GET', `/visits/${visitId}/history?asOf=${encodeURIComponent(asOf)}`);
    const refused = await h.call(ALICE, 'GET', `/visits/${visitId}/history`);
    const withReads = await h.call(HEAD, 'GET', `/visits/${visitId}/history?include=reads`);

    expect(refused.status).toBe(403);
    expect(first.body.recordedRead).toEqual({ version: 1, recordedAt: h.clock.current });
    expect(withReads.body.recordedRead.version).toBe(3);
    expect(withReads.body.reads.integrity).toMatchObject({ ok: true, headVersion: 3 });
    expect(withReads.body.reads.events.map((read: { actor: string; role: string; type: string; data: unknown }) => [read.type, read.actor, read.role, read.data])).toEqual([
      ['HistoryRead', AUDITOR.userId, 'auditor', { visitId, shownVersion: before.length }],
      ['HistoryRead', DSL.userId, 'dsl', { visitId, asOf, shownVersion: 4 }],
      ['HistoryRead', HEAD.userId, 'headteacher', { visitId, shownVersion: before.length }],
    ]);
    // The visit's own stream, and so its head hash, did not move.
    expect(await h.store.read(visitId)).toEqual(before);
    expect(withReads.body.integrity.headHash).toBe(before.at(-1)!.hash);
  });

  it('loses no read when many people read at once', async () => {
    const { visitId } = await liveVisit('unsafe');

    const replies = await Promise.all([AUDITOR, DSL, HEAD, ADMIN, AUDITOR, DSL, HEAD, ADMIN].map((actor) => h.call(actor, 'GET', `/visits/${visitId}/history`)));

    expect(replies.map((reply) => reply.status)).toEqual(Array(8).fill(200));
    const reads = await h.store.read(auditStreamId(visitId));
    expect(reads.map((read) => read.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(new Set(replies.map((reply) => reply.body.recordedRead.version)).size).toBe(8);
  });

  it('records what the reader was shown when the chain did not verify, and an altered record of reads is caught', async () => {
    const { visitId } = await liveVisit('unsafe');
    await rewriteStoredEvent(h.eventTable, visitId, 2, (event) => ({ ...event, data: { note: 'approved later' } }));

    await h.call(AUDITOR, 'GET', `/visits/${visitId}/history`);
    const [read] = await h.store.read(auditStreamId(visitId));
    expect(read?.data).toMatchObject({ failedAtVersion: 2 });

    // Someone hides who looked: the auditor's read is rewritten to another user.
    await rewriteStoredEvent(h.eventTable, auditStreamId(visitId), 1, (event) => ({ ...event, meta: { ...event.meta, actor: { userId: 'nobody', role: 'admin' } } }));
    const withReads = await h.call(ADMIN, 'GET', `/visits/${visitId}/history?include=reads`);
    const verify = await cli('admin-ade', 'verify', visitId);

    expect(withReads.body.reads.integrity).toMatchObject({ ok: false, version: 1, reason: 'hash-mismatch' });
    expect(verify.code).toBe(EXIT.broken);
    expect(verify.out).toContain('Record of history reads: DOES NOT VERIFY at version 1');
  });
});

describe('who may read the history and the report', () => {
  it('lets auditors, the DSL, the headteacher and admins read the history; nobody else', async () => {
    const { visitId } = await liveVisit('unsafe');

    for (const actor of [AUDITOR, DSL, HEAD, ADMIN]) {
      expect((await h.call(actor, 'GET', `/visits/${visitId}/history`)).status, actor.role).toBe(200);
    }
    for (const actor of [ALICE, OFFICE, SLT]) {
      const reply = await h.call(actor, 'GET', `/visits/${visitId}/history`);
      expect([actor.role, reply.status, reply.body.rule]).toEqual([actor.role, 403, 'history-readers']);
    }
    expect((await h.call(null, 'GET', `/visits/${visitId}/history`)).status).toBe(401);
    // Refused reads showed nothing, so they are not reads of the history.
    expect((await h.store.read(auditStreamId(visitId))).map((read) => read.meta.actor.role)).toEqual(['auditor', 'dsl', 'headteacher', 'admin']);
  });

  it('lets the visit\'s own staff and every other role read the report; other staff not', async () => {
    const { visitId } = await liveVisit('completed');

    for (const actor of [ALICE, OFFICE, DSL, SLT, HEAD, AUDITOR, ADMIN]) {
      expect((await raw(actor, `/visits/${visitId}/report?format=md`)).statusCode, actor.role).toBe(200);
    }
    const other = await h.call(CAROL, 'GET', `/visits/${visitId}/report`);
    expect([other.status, other.body.rule]).toEqual([403, 'assigned-staff-only']);
    expect((await h.call(null, 'GET', `/visits/${visitId}/report`)).status).toBe(401);
  });

  it('keeps a duress alert out of the report its staff read, and in the one safeguarding leads read', async () => {
    const { visitId } = await liveVisit('duress');

    const staff = await h.call(ALICE, 'GET', `/visits/${visitId}/report`);
    const dsl = await h.call(DSL, 'GET', `/visits/${visitId}/report`);

    expect(staff.body.body.alerts).toEqual([]);
    expect(dsl.body.body.alerts).toEqual([
      expect.objectContaining({ kind: 'duress', acknowledgedBy: OFFICE, acknowledgedAt: expect.any(String), resolvedBy: OFFICE, resolution: 'resolved', reason: DURESS_RESOLVED }),
    ]);
  });
});

describe('GET /visits/{id}/report?format=json|md|pdf', () => {
  it('serves a completed visit\'s report as JSON, Markdown and PDF', async () => {
    const { visitId } = await liveVisit('completed');

    const json = await h.call(DSL, 'GET', `/visits/${visitId}/report?format=json`);
    const md = await raw(DSL, `/visits/${visitId}/report?format=md`);
    const pdf = await raw(DSL, `/visits/${visitId}/report?format=pdf`);

    const report = Report.parse(json.body);
    expect(report.body).toMatchObject({
      school: { name: 'Harrogate High School' },
      visit: { kind: 'planned', purpose: 'attendance' },
      authorisation: { decision: 'authorised', by: SLT, note: 'In a pair, please.' },
      discussion: { facts: NOTES.facts, agreements: NOTES.agreements, professionalOpinion: NOTES.professionalOpinion },
      concerns: [{ summary: CONCERN, reportedTo: ['dsl'] }],
      followUp: { needed: true, ruleApplies: true },
      outcome: 'completed',
    });
    expect(Object.keys(report.body.times)).toEqual(['departed', 'arrived', 'entered', 'left', 'returned']);

    expect(md.headers?.['content-type']).toBe('text/markdown; charset=utf-8');
    for (const fact of ['**Visit kind:** Planned', '**Authoriser\'s note:** In a pair, please.', `- ${NOTES.agreements[0]}`, '**Professional opinion (kept apart from the facts)**', '**Follow-up needed:** Yes']) {
      expect(md.body).toContain(fact);
    }

    expect(pdf).toMatchObject({ statusCode: 200, isBase64Encoded: true, headers: { 'content-type': 'application/pdf' } });
    const bytes = Buffer.from(pdf.body, 'base64');
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(bytes).join(' ').replace(/\s+/g, ' ');
    expect(text).toContain('Home visit report: Sam Pupil');
    expect(text).toContain('Outcome Completed');
  });

  it('serves a no-show\'s report with the workflow\'s cancellation and nobody in the home', async () => {
    const { visitId } = await liveVisit('no-show', 'hunsbury-park');

    const json = await h.call(OFFICE, 'GET', `/visits/${visitId}/report`);
    const md = await raw(OFFICE, `/visits/${visitId}/report?format=md`);

    expect(json.body.body).toMatchObject({
      outcome: 'cancelled',
      cancellation: { reason: 'parent-no-show', rule: 'parent-no-show-wait', by: { role: 'system' }, writtenNoticeTo: null },
      peoplePresent: [],
    });
    expect(md.body).toContain('**Reason:** Parent no show');
    expect(md.body).toContain('**Entered:** Not reached');
    expect(md.body).toContain('**Told in writing:** Not required by the policy for this reason');
  });

  it('serves an unsafe cancellation\'s report naming who was told in writing', async () => {
    const { visitId } = await liveVisit('unsafe');

    const json = await h.call(AUDITOR, 'GET', `/visits/${visitId}/report?format=json`);
    const md = await raw(AUDITOR, `/visits/${visitId}/report?format=md`);

    expect(json.body.body.cancellation).toMatchObject({ reason: 'unsafe', unsafeIndicators: ['intoxication'], writtenNoticeTo: { role: 'slt', title: 'Assistant Headteacher' } });
    expect(json.body.categories).toContain('Staff safety');
    expect(md.body).toContain('**Told in writing:** Assistant Headteacher, as the policy names');
  });

  it('sends the PDF\'s bytes over HTTP to a client whose first Accept type is application/pdf, and base64 text to any other, as API Gateway does', async () => {
    const { visitId } = await liveVisit('unsafe');
    const authorization = `Bearer ${await auth.tokenFor('auditor-ari')}`;
    const fetchPdf = (accept: string) => fetch(`${http.url}/visits/${visitId}/report?format=pdf`, { headers: { authorization, accept } });

    const asked = await fetchPdf('application/pdf');
    const second = await fetchPdf('application/json, application/pdf');
    const anything = await fetchPdf('*/*');

    expect(asked.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await asked.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    for (const response of [second, anything]) {
      const text = await response.text();
      expect(text.startsWith('%PDF-')).toBe(false);
      expect(Buffer.from(text, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    }
  });

  it('answers 409 report-unreadable for a filed body that is not a report', async () => {
    const { visitId } = await liveVisit('unsafe');
    const last = (await h.store.read(visitId)).at(-1)!.version;
    await rewriteStoredEvent(h.eventTable, visitId, last, (event) => ({ ...event, data: { ...event.data, body: { summary: 'not a report' } } }));

    const reply = await h.call(AUDITOR, 'GET', `/visits/${visitId}/report?format=md`);

    expect([reply.status, reply.body.rule]).toEqual([409, 'report-unreadable']);
  });
});
