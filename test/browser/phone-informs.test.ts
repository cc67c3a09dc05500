import { describe, expect, it } from 'vitest';
import { expectAccessible, PHONE, screenshot, signedInContext, withAppAndBrowser } from '../support/browser';
import { as, readyVisit } from './staff-visits';

/**
 * The phone keeps the person informed: after the first check-in, "I am safe" is one tap (a check-in
 * with nothing to add); before a check-in falls due it reminds them, as the policy says. At 30× the
 * home's 2-hour check-in is 4 minutes of real time, so nothing falls due meanwhile.
 */
const env = withAppAndBrowser({ timeScale: 30 });

/** A Hunsbury Park visit Alice has set off on, arrived at and gone into, with a parent at home. */
async function aliceInTheHome(name: string) {
  const visitId = `${name}-${Date.now().toString(36)}`;
  await readyVisit(env.app, visitId);
  const alice = await as(env.app, 'staff-alice');
  for (const [action, body] of [
    ['depart', {}],
    ['arrive', {}],
    ['enter', { peoplePresent: [{ name: 'Pat Parent', relationship: 'parent' }], invitedIn: true, animals: 'none' }],
  ] as const) {
    expect((await alice.post(`/visits/${visitId}/${action}`, body)).status, action).toBe(200);
  }
  return { visitId, alice };
}

describe('one-tap "I am safe"', () => {
  it('is offered only after the first check-in, and one tap records a check-in', async () => {
    // prepare: Alice in the home, not yet checked in
    const { visitId, alice } = await aliceInTheHome('safe-tap');
    const context = await signedInContext(env.browser, env.app, 'staff-alice', PHONE);
    context.setDefaultTimeout(20_000);
    context.setDefaultNavigationTimeout(90_000);
    const page = await context.newPage();
    await page.goto(`/staff.html#visit/${visitId}`);
    await page.locator('.hv-primary', { hasText: 'Check in' }).waitFor();
    const safe = page.getByRole('button', { name: 'I am safe' });
    expect(await safe.count()).toBe(0);

    // the first check-in, with the form
    await page.locator('.hv-primary', { hasText: 'Check in' }).click();
    await page.getByRole('button', { name: 'Check in', exact: true }).click();
    await page.locator('.hv-primary', { hasText: 'I am leaving the home' }).waitFor();

    // act: one tap
    await safe.click();

    // assess: recorded, and said
    await page.getByText('You checked in.').waitFor();
    const { body } = await (await as(env.app, 'dsl-dev')).get(`/visits/${visitId}`);
    expect(body.visit.checkIns).toHaveLength(2);
    await screenshot(page, 'one-tap-safe-360');
    await expectAccessible(page);

    await context.close();
    expect((await alice.post(`/visits/${visitId}/leave`, {})).status).toBe(200);
    expect((await alice.post(`/visits/${visitId}/return`, {})).status).toBe(200);
  }, 120_000);

});

describe('the reminder before a check-in falls due', () => {
  it('vibrates, asks the service worker to show a notification and says so on the page, before the check-in is due', async () => {
    // prepare: Alice on her way, the 2-hour check-in running from when she set off
    const visitId = `reminder-${Date.now().toString(36)}`;
    await readyVisit(env.app, visitId);
    const alice = await as(env.app, 'staff-alice');
    expect((await alice.post(`/visits/${visitId}/depart`, {})).status).toBe(200);
    const context = await signedInContext(env.browser, env.app, 'staff-alice', PHONE);
    context.setDefaultTimeout(30_000);
    context.setDefaultNavigationTimeout(90_000);
    // What the page asks of the phone, recorded: headless Chromium denies notifications whatever is
    // granted, so the service worker registration's showNotification is recorded here (as if allowed)
    // rather than shown, and vibrations are counted.
    await context.addInitScript({
      content: `
        window.__vibrations = [];
        navigator.vibrate = (pattern) => window.__vibrations.push(pattern) > 0;
        window.__notifications = [];
        Object.defineProperty(Notification, 'permission', { get: () => 'granted' });
        ServiceWorkerRegistration.prototype.showNotification = async function (title, options) { window.__notifications.push({ title, tag: options && options.tag }); };
      `,
    });
    // The seed policies ask for no reminder: this one is read as if its school asked for one 115
    // minutes before the check-in (5 minutes after setting off, 10 s of real time here).
    await context.route(`**/visits/${visitId}`, async (route) => {
      // A read still in flight when the test closes its context has nowhere to go: dropped, not thrown.
      const response = await route.fetch().catch(() => undefined);
      if (!response) return;
      const body = await response.json();
      if (body.policy) body.policy.checkIns.reminderMinutesBefore = 115;
      await route.fulfill({ response, json: body }).catch(() => undefined);
    });
    const page = await context.newPage();

    // act: the page open on the visit, and waiting
    await page.goto(`/staff.html#visit/${visitId}`);
    await page.locator('.hv-primary', { hasText: 'I have arrived' }).waitFor();

    // assess: reminded while the check-in is still ahead
    await page.getByRole('alert').filter({ hasText: 'Your check-in is due at' }).waitFor();
    expect(await page.locator('.hv-countdown__time').textContent()).not.toContain('overdue');
    expect(await page.evaluate('window.__vibrations.length')).toBe(1);
    // Through the service worker once it is ready (it is registered as the page loads).
    await expect.poll(() => page.evaluate('window.__notifications'), { timeout: 10_000 }).toEqual([{ title: 'Check in soon', tag: `check-in-${visitId}` }]);
    await screenshot(page, 'check-in-reminder-360');

    await context.close();
    expect((await alice.post(`/visits/${visitId}/cancel`, { reason: 'other', detail: 'The test is over.' })).status).toBe(200);
    expect((await alice.post(`/visits/${visitId}/return`, {})).status).toBe(200);
  }, 120_000);
});

describe('"I need more time"', () => {
  it('is asked for on the phone with the minutes and why, moves the countdown, and the office sees it on the board', async () => {
    // prepare: Alice in the home
    const { visitId, alice } = await aliceInTheHome('more-time');
    const dsl = await as(env.app, 'dsl-dev');
    const dueBefore = (await dsl.get(`/visits/${visitId}`)).body.summary.nextDeadline.at as string;
    const phone = await signedInContext(env.browser, env.app, 'staff-alice', PHONE);
    phone.setDefaultTimeout(20_000);
    phone.setDefaultNavigationTimeout(90_000);
    const page = await phone.newPage();
    await page.goto(`/staff.html#visit/${visitId}`);

    // act
    await page.getByRole('button', { name: 'I need more time' }).click();
    await page.getByLabel('How many more minutes?').fill('20');
    await page.getByLabel('Why? (the office sees this)').fill('The parent is still explaining');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Ask for more time' }).click();

    // assess: recorded and moved, and on the office's board
    await page.getByText('You have more time').waitFor();
    expect((await dsl.get(`/visits/${visitId}`)).body.summary.nextDeadline.at).toBe(new Date(Date.parse(dueBefore) + 20 * 60_000).toISOString());
    const office = await signedInContext(env.browser, env.app, 'office-olu');
    office.setDefaultTimeout(20_000);
    office.setDefaultNavigationTimeout(90_000);
    const board = await office.newPage();
    await board.goto('/board.html');
    await board.getByText('staff asked for 20 more min: The parent is still explaining').waitFor();
    await screenshot(board, 'board-more-time-1280');

    await phone.close();
    await office.close();
    expect((await alice.post(`/visits/${visitId}/leave`, {})).status).toBe(200);
    expect((await alice.post(`/visits/${visitId}/return`, {})).status).toBe(200);
  }, 120_000);
});
