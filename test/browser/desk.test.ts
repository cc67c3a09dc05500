import { randomUUID } from 'node:crypto';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, expectAccessible, screenshot, signedInContext, withAppAndBrowser } from '../support/browser';
import { as, requestVisit, type As, type VisitOptions } from './staff-visits';

/**
 * The authoriser's desk on the real `npm start`: the office asks for a visit over HTTP, the DSL
 * reads it on the desk and decides through the page; what the server refuses is shown in its words.
 */
const env = withAppAndBrowser({ timeScale: 60 });
let dsl: As;
let context: BrowserContext;

beforeAll(async () => {
  dsl = await as(env.app, 'dsl-dev');
  context = await signedInContext(env.browser, env.app, 'dsl-dev', DESKTOP);
}, 60_000);
afterAll(async () => {
  await context?.close();
});

/** The office asks for a Hunsbury Park visit for `staff`, setting out an hour from the server's now; the answers to two risk questions say yes. */
async function officeRequests(staff: VisitOptions['staff']): Promise<string> {
  const visitId = `desk-${randomUUID().slice(0, 8)}`;
  await requestVisit(env.app, visitId, { staff, startsIn: 60, risks: { agenciesInvolved: true, animals: 'present' } });
  return visitId;
}

/** The desk, with the visit opened from its list (`beforeOpening`: what to do with the list first). */
async function openOnDesk(visitId: string, beforeOpening?: (page: Page) => Promise<void>): Promise<Page> {
  const page = await context.newPage();
  await page.goto('/desk.html');
  const link = page.getByRole('link', { name: `Review visit ${visitId}` });
  await link.waitFor();
  await beforeOpening?.(page);
  await link.click();
  await expect.poll(() => page.getByRole('heading', { level: 2, name: new RegExp(`Visit ${visitId}`) }).count()).toBe(1);
  return page;
}

describe('the authoriser\'s desk', () => {
  it('lists a visit the office asked for; the DSL reads the request and its checks, and authorises it with a note', async () => {
    const visitId = await officeRequests([{ userId: 'staff-alice', name: 'Alice Officer' }]);

    const page = await openOnDesk(visitId, async (list) => {
      await expect.poll(() => list.getByRole('region', { name: 'Open alerts and safeguarding concerns' }).textContent()).toMatch(/None open|has it|Nobody has said/);
      await screenshot(list, 'desk-list-1280');
      await expectAccessible(list);
    });
    const main = page.getByRole('main');
    await expect.poll(() => main.textContent()).toContain('Sam Pupil');
    const text = (await main.textContent()) ?? '';
    // The purpose, the staff and their role in the policy's words.
    expect(text).toContain('Attendance: learning the reasons behind poor attendance');
    expect(text).toContain('Alice Officer, Family Support Worker (FSW)');
    // The checks recorded with the request, against the policy's list.
    expect(text).toContain('Done: Records (CPOMS) checked for risks to staff');
    expect(text).toContain('Done: Line manager told of the visit');
    expect(text).toContain('Not done: Other agencies involved with the family consulted');
    // The risk answers, in words.
    expect(text).toMatch(/Other agencies are involved with the family\s*Yes/);
    expect(text).toContain('Animals at the home');
    await screenshot(page, 'desk-1280');
    await expectAccessible(page);

    await page.getByLabel('Authorise the visit').check();
    await page.getByLabel('Note for the staff (optional)').fill('Go ahead; ring the office from the car.');
    await page.getByRole('button', { name: 'Record my decision' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain(`Visit ${visitId} authorised`);
    // Gone from the list of those waiting.
    await expect.poll(() => page.getByRole('link', { name: `Review visit ${visitId}` }).count()).toBe(0);

    const after = await dsl.get(`/visits/${visitId}`);
    expect(['authorised', 'ready']).toContain(after.body.status);
    expect(after.body.visit.authorised).toMatchObject({ note: 'Go ahead; ring the office from the car.', by: { userId: 'dsl-dev' } });
    await page.close();
  }, 60_000);

  it('shows the server\'s refusal in words when the DSL would authorise a visit she makes herself', async () => {
    const visitId = await officeRequests([{ userId: 'dsl-dev', name: 'Dev Lead' }]);

    const page = await openOnDesk(visitId);
    await page.getByLabel('Authorise the visit').check();
    await page.getByRole('button', { name: 'Record my decision' }).click();

    const alert = page.getByRole('alert');
    await expect.poll(() => alert.textContent()).toContain('The visit was not authorised');
    expect(await alert.textContent()).toContain('nobody authorises a visit they will carry out');
    // Focus moves to the summary, so a screen reader reads the refusal out.
    await expect.poll(() => page.locator('.govuk-error-summary:focus').count()).toBe(1);
    expect((await dsl.get(`/visits/${visitId}`)).body.status).toBe('requested');
    await screenshot(page, 'desk-refused-1280');
    await expectAccessible(page);
    await page.close();
  }, 60_000);

  it('refuses, in the risk assessment\'s words, an authorisation the workflow would call off, and the visit stays to be decided', async () => {
    const visitId = `desk-${randomUUID().slice(0, 8)}`;
    await requestVisit(env.app, visitId, { staff: [{ userId: 'staff-alice', name: 'Alice Officer' }], startsIn: 60, risks: { knownRisksInRecords: true, previousIncidents: true } });

    const page = await openOnDesk(visitId, async (list) => {
      // The list says who, what for and what the risk assessment will say, not ids and school slugs.
      const row = list.getByRole('row').filter({ has: list.getByRole('link', { name: `Review visit ${visitId}` }) });
      await expect.poll(() => row.textContent()).toContain('Cannot be authorised');
      const text = (await row.textContent()) ?? '';
      expect(text).toContain('Sam Pupil');
      expect(text).toContain('Attendance: learning the reasons behind poor attendance');
      expect(text).toContain('High risk: do not visit');
      expect(text).toContain('Hunsbury Park');
      await screenshot(list, 'desk-list-risk-1280');
    });
    // Before deciding, the verdict the workflow would reach.
    await expect.poll(() => page.getByTestId('risk-verdict').textContent()).toContain('High risk, do not visit');
    expect(await page.getByTestId('risk-verdict').textContent()).toContain('It cannot be authorised: the risk assessment says not to visit; decline the visit.');
    await page.getByLabel('Authorise the visit').check();
    await page.getByRole('button', { name: 'Record my decision' }).click();

    const alert = page.getByRole('alert');
    await expect.poll(() => alert.textContent()).toContain('The visit was not authorised');
    expect(await alert.textContent()).toContain('the risk assessment says not to visit; decline the visit');
    await screenshot(page, 'desk-risk-refused-1280');
    await expectAccessible(page);
    expect((await dsl.get(`/visits/${visitId}`)).body.status).toBe('requested');
    await page.close();
  }, 60_000);

  it('declines only with a reason, and records the reason given', async () => {
    const visitId = await officeRequests([{ userId: 'staff-alice', name: 'Alice Officer' }, { userId: 'staff-bob', name: 'Bob Worker' }]);

    const page = await openOnDesk(visitId);
    await page.getByLabel('Decline the visit').check();
    await page.getByRole('button', { name: 'Record my decision' }).click();
    // Nothing sent without a reason: the summary links to the field.
    await expect.poll(() => page.getByRole('link', { name: 'Say why you are declining the visit' }).count()).toBe(1);
    expect((await dsl.get(`/visits/${visitId}`)).body.status).toBe('requested');

    await page.getByRole('link', { name: 'Say why you are declining the visit' }).click();
    await page.keyboard.type('Invite the family into school instead: the parent asked to meet there.');
    await page.getByRole('button', { name: 'Record my decision' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain(`Visit ${visitId} declined`);

    const after = await dsl.get(`/visits/${visitId}`);
    expect(after.body.visit.declined).toMatchObject({ reason: 'Invite the family into school instead: the parent asked to meet there.', by: { userId: 'dsl-dev' } });
    await page.close();
  });
});
