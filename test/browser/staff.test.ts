import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectAccessible, PHONE, screenshot, signedInContext, withAppAndBrowser } from '../support/browser';
import { as, readyVisit, statusIs } from './staff-visits';

/**
 * The staff member's phone page, driven the way Alice would on a 360 px phone: her visit today in
 * the list, then each step of the journey by its one big button, from setting off to the report
 * filed. At 30× a minute of the server's clock is 2 s: Hunsbury's 2-hour check-in is 4 minutes of
 * real time and its 30-minute safe return a minute, room enough for the browser to act.
 */
const env = withAppAndBrowser({ timeScale: 30 });

const primary = (page: Page, name: string) => page.locator('.hv-primary', { hasText: name });

async function look(page: Page, name: string) {
  await screenshot(page, name);
  await expectAccessible(page);
}

describe('the staff page on a phone', () => {
  it('walks a whole Hunsbury Park visit, from setting off to the filed report', async () => {
    // prepare: the office asks for the visit, the DSL authorises it, the workflow assesses the risk
    const visitId = `staff-walk-${Date.now().toString(36)}`;
    await readyVisit(env.app, visitId);
    const context = await signedInContext(env.browser, env.app, 'staff-alice', PHONE);
    context.setDefaultTimeout(20_000);
    // A page waits while the runtime rebuilds web/ if it changed since the test began.
    context.setDefaultNavigationTimeout(90_000);
    const page = await context.newPage();

    // act + assess, screen by screen
    await page.goto('/staff.html');
    const link = page.getByRole('link', { name: /Hunsbury Park Primary School/ });
    await link.waitFor();
    await expect.poll(() => link.textContent()).toContain('Ready to set off');
    await look(page, 'staff-1-list-360');

    await link.click();
    await page.waitForURL(new RegExp(`#visit/${visitId}$`));
    await primary(page, 'I am setting off now').waitFor();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toMatch(/^Your \d\d:\d\d visit$/);
    expect(await page.locator('main').textContent()).toContain('12 Example Road, Northampton NN1 1AA');
    await look(page, 'staff-2-ready-360');

    await primary(page, 'I am setting off now').click();
    await primary(page, 'I have arrived').waitFor();
    await expect.poll(() => page.locator('.hv-countdown').textContent()).toMatch(/Next check-in due in.*\d+ h \d\d min/);
    await look(page, 'staff-3-travelling-360');

    await primary(page, 'I have arrived').click();
    await primary(page, 'Going in').waitFor();
    await page.getByRole('button', { name: 'The family came to the door' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'The family came to the door' }).count()).toBe(1);
    await look(page, 'staff-4-at-the-door-360');

    await primary(page, 'Going in').click();
    await page.getByLabel('Person 1: name').fill('Pat Parent');
    await page.getByLabel('Person 1: who they are').selectOption('parent');
    await page.getByRole('button', { name: 'Add another person' }).click();
    await page.getByLabel('Person 2: name').fill('Sam Pupil');
    await page.getByLabel('Person 2: who they are').selectOption('pupil');
    await page.getByRole('group', { name: 'Were you invited in?' }).getByLabel('Yes').check();
    await page.getByLabel('No animals').check();
    await look(page, 'staff-5-enter-form-360');
    await page.getByRole('button', { name: 'Go in', exact: true }).click();

    await primary(page, 'Check in').waitFor();
    await primary(page, 'Check in').click();
    await page.getByLabel('Anything to tell the office (optional)').fill('All well');
    await look(page, 'staff-6-check-in-form-360');
    await page.getByRole('button', { name: 'Check in', exact: true }).click();

    await primary(page, 'I am leaving the home').waitFor();
    await primary(page, 'I am leaving the home').click();
    await page.getByLabel(/A parent was present throughout/).check();
    await page.getByLabel('What happened (facts)').fill('Sam misses the 8:05 bus on Mondays');
    await page.getByLabel('What was agreed').fill('Pat walks Sam to the 8:05 bus');
    await look(page, 'staff-7-leave-form-360');
    await page.getByRole('button', { name: 'Leave the home', exact: true }).click();

    await primary(page, 'I am back safely').waitFor();
    await expect.poll(() => page.locator('.hv-countdown').textContent()).toContain('Tell the office you are back within');
    await primary(page, 'I am back safely').click();
    await expect.poll(() => page.locator('main').textContent(), { timeout: 30_000 }).toContain('The visit is closed and its report is filed.');
    await look(page, 'staff-8-filed-360');
    await context.close();

    // assess over the API: filed, with its report
    const dsl = await as(env.app, 'dsl-dev');
    await statusIs(env.app, visitId, 'filed');
    const report = await dsl.get(`/visits/${visitId}/report`);
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({ visitId });
    const visit = (await dsl.get(`/visits/${visitId}`)).body.visit;
    expect(visit.entered.peoplePresent).toEqual([{ name: 'Pat Parent', relationship: 'parent' }, { name: 'Sam Pupil', relationship: 'pupil' }]);
    expect(visit.left).toMatchObject({ attestations: ['parent-present-throughout'], notes: { facts: ['Sam misses the 8:05 bus on Mondays'], agreements: ['Pat walks Sam to the 8:05 bus'] } });
  }, 240_000);

  it('shows a refusal in the server\'s words and stays on the form', async () => {
    // prepare: a visit at the door
    const visitId = `staff-refused-${Date.now().toString(36)}`;
    await readyVisit(env.app, visitId);
    const alice = await as(env.app, 'staff-alice');
    for (const action of ['depart', 'arrive', 'family-at-door']) expect((await alice.post(`/visits/${visitId}/${action}`, {})).status).toBe(200);
    const context = await signedInContext(env.browser, env.app, 'staff-alice', PHONE);
    context.setDefaultTimeout(20_000);
    // A page waits while the runtime rebuilds web/ if it changed since the test began.
    context.setDefaultNavigationTimeout(90_000);
    const page = await context.newPage();
    await page.goto(`/staff.html#visit/${visitId}`);

    // act: only a sibling at home
    await primary(page, 'Going in').click();
    await page.getByLabel('Person 1: name').fill('An older sibling');
    await page.getByLabel('Person 1: who they are').selectOption('sibling');
    await page.getByRole('group', { name: 'Were you invited in?' }).getByLabel('Yes').check();
    await page.getByLabel('No animals').check();
    await page.getByRole('button', { name: 'Go in', exact: true }).click();

    // assess: Hunsbury's own rule, and the form still open
    const refusal = page.getByRole('alert').filter({ hasText: 'That was not done' });
    await expect.poll(() => refusal.textContent()).toContain('do not enter unless a parent or carer is present');
    expect(await page.getByRole('button', { name: 'Go in', exact: true }).isVisible()).toBe(true);
    await look(page, 'staff-9-refused-360');
    await context.close();
  }, 120_000);

  it('tells the office the family are late, then cancels with the reason and what happened', async () => {
    // prepare: a visit Alice is about to set off on
    const visitId = `staff-cancel-${Date.now().toString(36)}`;
    await readyVisit(env.app, visitId);
    const context = await signedInContext(env.browser, env.app, 'staff-alice', PHONE);
    context.setDefaultTimeout(20_000);
    context.setDefaultNavigationTimeout(90_000);
    const page = await context.newPage();
    await page.goto(`/staff.html#visit/${visitId}`);

    // act: late by 10 minutes, then cancelled because the family declined
    await page.getByRole('button', { name: 'The family are running late' }).click();
    await page.getByLabel('How many minutes late?').fill('10');
    await page.getByRole('button', { name: 'Tell the office' }).click();
    await expect.poll(() => page.locator('.hv-told').textContent()).toContain('Family running late');
    await page.getByRole('button', { name: 'Cancel the visit' }).click();
    // Hunsbury's written notice for a cancellation for safety, in its own words, before the choice
    await expect.poll(() => page.getByRole('group', { name: /Why is the visit cancelled/ }).textContent()).toContain('tells the Headteacher in writing');
    await page.getByLabel('The family declined the visit').check();
    await page.getByLabel('What happened').fill('Pat phoned: they would rather come into school.');
    await look(page, 'staff-10-cancel-form-360');
    await page.getByRole('button', { name: 'Cancel the visit', exact: true }).click();

    // assess: the page and the record
    await expect.poll(() => page.locator('main').textContent()).toContain('This visit was cancelled.');
    const visit = (await (await as(env.app, 'dsl-dev')).get(`/visits/${visitId}`)).body.visit;
    expect(visit.status).not.toBe('ready');
    expect(visit.cancelled).toMatchObject({ reason: 'family-declined', detail: 'Pat phoned: they would rather come into school.' });
    expect(visit.lateNotice.by.userId).toBe('staff-alice');
    await context.close();
  }, 120_000);
});
