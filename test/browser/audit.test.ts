import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../bin/client/api-client';
import { DynamoDbEventStore } from '../../functions/adapters/dynamodb-event-store';
import type { StoredEvent } from '../../functions/core/event-store';
import { startLocal, type LocalRuntime } from '../../local/server';
import { closeContexts, DESKTOP, expectAccessible, sharedBrowser, screenshot, signedInContext, startApp, tokenFor, type App } from '../support/browser';
import { eventually } from '../support/eventually';
import { rewriteStoredEvent, type EventTable } from '../support/stored-items';
import { ALICE, BOB, readyVisit } from './staff-visits';

/**
 * The auditor's timeline. First on the real `npm start`: a Hunsbury Park visit walked to its filed
 * report over HTTP (bin/demo.ts's order), then read by the auditor: the chain's verdict, the
 * timeline, the check-ins against the policy, the report and its PDF. Then on the same runtime
 * started in-process (what `npm start` runs), so the test can reach its table as someone with
 * access to it could: one stored event altered, and the page names the version that no longer verifies.
 */

let browser: Browser;
beforeAll(async () => {
  browser = await sharedBrowser();
}, 60_000);
afterAll(() => closeContexts(browser));

interface Walked {
  readonly visitId: string;
  readonly history: { events: Array<{ version: number; type: string; recordedAt: string }> };
}

/**
 * One whole visit over HTTP as bin/demo.ts drives it: requested by the office, authorised by the
 * headteacher, out, in, a check-in, out, back, closed and filed. `inHomeMs`: real time spent in the
 * home before checking in.
 */
async function walkToFiled(url: string, options: { inHomeMs?: number } = {}): Promise<Walked> {
  const client = new ApiClient(url);
  const [alice, head] = await Promise.all([tokenFor({ url }, 'staff-alice').then((t) => client.as(t)), tokenFor({ url }, 'head-hana').then((t) => client.as(t))]);
  const must = async (step: string, reply: Promise<{ status: number; body: any }>) => {
    const { status, body } = await reply;
    expect(status, `${step}: ${JSON.stringify(body)}`).toBeLessThan(300);
    return body;
  };
  const visitId = `audit-${randomUUID().slice(0, 8)}`;
  await readyVisit({ url }, visitId, { staff: [ALICE, BOB], minutesOut: 180, authoriser: 'head-hana', note: 'Go ahead, in a pair.' });
  await must('depart', alice.post(`/visits/${visitId}/depart`, {}));
  await must('arrive', alice.post(`/visits/${visitId}/arrive`, {}));
  await must('enter', alice.post(`/visits/${visitId}/enter`, { peoplePresent: [{ name: 'Pat Parent', relationship: 'parent' }, { name: 'Sam Pupil', relationship: 'pupil' }], invitedIn: true, animals: 'none' }));
  if (options.inHomeMs) await new Promise((resolve) => setTimeout(resolve, options.inHomeMs));
  await must('check in', alice.post(`/visits/${visitId}/check-in`, { note: 'All well' }));
  await must('leave', alice.post(`/visits/${visitId}/leave`, { notes: { facts: ['Sam misses the 8:05 bus on Mondays'], agreements: ['Parent walks Sam to the 8:05 bus'], followUpNeeded: false } }));
  await must('return', alice.post(`/visits/${visitId}/return`, {}));
  await must('filed', alice.waitForStatus(visitId, ['filed'], 30_000));
  // The board's line is projected by the workflow just after: the auditor's list reads it.
  await eventually('the board to list the visit as filed', async () => ((await head.get('/visits?status=filed')).body.visits as Array<{ visitId: string }>).some((row) => row.visitId === visitId));
  return { visitId, history: await must('history', head.get(`/visits/${visitId}/history`)) };
}

/** The verdict box's words, once the record has loaded. */
async function verdictOf(page: Page): Promise<string> {
  const verdict = page.locator('#verdict');
  await verdict.waitFor();
  return (await verdict.textContent()) ?? '';
}

describe('the auditor reads a filed visit on npm start', () => {
  let app: App;
  let context: BrowserContext;
  let walked: Walked;
  beforeAll(async () => {
    app = await startApp({ timeScale: 60 });
    walked = await walkToFiled(app.url);
    context = await signedInContext(browser, app, 'auditor-ari', DESKTOP);
  }, 120_000);
  afterAll(async () => {
    await context?.close();
    await app?.close();
  });

  it('finds it among the filed visits, and sees it intact: the timeline in words, the check-ins within the policy, the report', async () => {
    const page = await context.newPage();
    await page.goto('/audit.html');
    const link = page.getByRole('link', { name: `Audit visit ${walked.visitId}` });
    await link.waitFor();
    await screenshot(page, 'audit-find-1280');
    await expectAccessible(page);
    await link.click();

    expect(await verdictOf(page)).toContain('Intact: every version verifies');
    const timeline = page.getByRole('table', { name: /^Timeline/ });
    await expect.poll(() => timeline.getByRole('row').count()).toBe(walked.history.events.length + 1);
    const text = (await timeline.textContent()) ?? '';
    for (const words of ['Visit requested', 'Authorised', 'Note: Go ahead, in a pair.', 'Hana Head (headteacher)', 'Set out for the visit', 'People present: Pat Parent (parent), Sam Pupil (pupil)', 'Checked in', 'Note: All well', 'Fact: Sam misses the 8:05 bus on Mondays', 'Back safely', 'Report filed', 'The workflow']) {
      expect(text).toContain(words);
    }
    expect(text).not.toContain('Altered');
    // Set out → checked in → left the home: within two hours each; left → back: within 30 minutes.
    expect(await page.locator('#gaps-summary').textContent()).toContain('Every gap was within the policy (3 timed)');
    // The report, rendered from the server's Markdown.
    const report = page.getByRole('region', { name: 'The filed report' });
    await expect.poll(() => report.getByRole('heading', { name: /Home visit report: Sam Pupil/ }).count()).toBe(1);
    expect(await report.textContent()).toContain('Parent walks Sam to the 8:05 bus');
    expect(await page.locator('.hv-audit-read').textContent()).toMatch(/recorded in the visit's audit trail \(entry \d+/);

    await screenshot(page, 'audit-1280');
    await expectAccessible(page);
    await page.close();
  }, 60_000);

  it('gets the report as a PDF, fetched with the bearer and saved from a blob (no token in any URL)', async () => {
    const page = await context.newPage();
    const urls: string[] = [];
    page.on('request', (request) => urls.push(request.url()));
    await page.goto('/audit.html');
    await page.getByLabel('Find a visit by its reference').fill(walked.visitId);
    await page.getByRole('button', { name: 'Open its record' }).click();
    const button = page.getByRole('button', { name: 'Download the report as a PDF' });
    await button.waitFor();

    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    expect(download.url()).toMatch(/^blob:/);
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);
    const bytes = await readFile((await download.path())!);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(urls.filter((url) => /token|bearer|authori[sz]ation=/i.test(url))).toEqual([]);
    await page.close();
  });

  it('says plainly when there is no such visit', async () => {
    const page = await context.newPage();
    await page.goto('/audit.html?visit=no-such-visit');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('no such visit');
    await page.close();
  });
});

describe('a stored event altered in the runtime\'s table', () => {
  let local: LocalRuntime;
  let table: EventTable;
  let context: BrowserContext;
  let walked: Walked;
  beforeAll(async () => {
    // Fast enough that two hours in the home pass in seconds, so one gap between check-ins is too long.
    local = await startLocal({ timeScale: 1200, web: true, log: () => {} });
    const store = local.runtime.deps.store;
    if (!(store instanceof DynamoDbEventStore)) throw new Error('the local runtime stores its events in DynamoDB (dynalite)');
    // Reaching past the adapter, as someone with access to the table could: its client and table name.
    table = { client: store['client'], tableName: store['tableName'] };
    walked = await walkToFiled(local.url, { inHomeMs: 7_000 });
    context = await signedInContext(browser, { url: local.url }, 'auditor-ari', DESKTOP);
  }, 120_000);
  afterAll(async () => {
    await context?.close();
    await local?.close();
  });

  it('flags the gap between check-ins longer than the policy\'s interval', async () => {
    const page = await context.newPage();
    await page.goto(`/audit.html?visit=${walked.visitId}`);
    expect(await verdictOf(page)).toContain('Intact: every version verifies');
    expect(await page.locator('#gaps-summary').textContent()).toContain('1 of 3 gaps was longer than the policy allows');
    const over = page.locator('.hv-audit-gap--over');
    expect(await over.count()).toBe(1);
    expect(await over.textContent()).toMatch(/Set out \(v\d+\).*Checked in \(v\d+\).*Longer than 120 min/);
    await page.close();
  });

  it('names the first version that no longer matches its hash, and marks it in the timeline; as of an earlier time, fewer events', async () => {
    const checkIn = walked.history.events.find((event) => event.type === 'CheckedIn')!;
    const entered = walked.history.events.find((event) => event.type === 'Entered')!;
    await rewriteStoredEvent(table, walked.visitId, checkIn.version, (event: StoredEvent) => ({ ...event, data: { ...event.data, note: 'Nobody answered the door' } }));

    const page = await context.newPage();
    await page.goto(`/audit.html?visit=${walked.visitId}`);
    expect(await verdictOf(page)).toContain(`ALTERED: version ${checkIn.version} does not match its hash`);
    const altered = page.locator('.hv-audit-event--altered');
    expect(await altered.count()).toBe(1);
    expect(await altered.getByRole('rowheader').textContent()).toBe(String(checkIn.version));
    // Shown as stored, never hidden; marked in words, not by colour alone.
    expect(await altered.textContent()).toContain('Note: Nobody answered the door');
    expect(await altered.textContent()).toContain('Altered');
    expect(await page.getByRole('row').filter({ hasText: 'After the break' }).count()).toBe(walked.history.events.length - checkIn.version);
    await screenshot(page, 'audit-altered-1280');
    await expectAccessible(page);

    // As it stood when they went in: the events up to then, intact then, altered now.
    await page.getByLabel('Show the record as it stood at').fill(schoolWallClock(entered.recordedAt));
    await page.getByRole('button', { name: 'Show the record then' }).click();
    const timeline = page.getByRole('table', { name: /^Timeline/ });
    await expect.poll(() => timeline.getByRole('caption').textContent()).toBe(`Timeline: ${entered.version} recorded versions`);
    expect(await timeline.getByRole('row').count()).toBe(entered.version + 1);
    expect(page.url()).toContain('asOf=');
    const verdict = await verdictOf(page);
    expect(verdict).toMatch(/As it stood at .*: intact/);
    expect(verdict).toContain(`The whole record now: ALTERED: version ${checkIn.version} does not match its hash`);
    expect(await page.locator('#record-state').textContent()).toContain('the visit was staff in the home');
    await screenshot(page, 'audit-as-of-1280');
    await page.close();
  }, 60_000);
});

/** "2026-11-23T10:15:07": an instant on the school's clocks (Europe/London), as a datetime-local input takes it. */
function schoolWallClock(iso: string): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
    .format(new Date(iso))
    .replace(' ', 'T');
}
