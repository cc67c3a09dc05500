import { describe, expect, it } from 'vitest';
import { expectAccessible, PHONE, screenshot, signedInContext, withAppAndBrowser } from '../support/browser';
import { as, readyVisit } from './staff-visits';

/**
 * After the first check-in, "I am safe" is one tap on the staff page: a check-in with nothing to add.
 * At 30× the home's 2-hour check-in is 4 minutes of real time, so nothing falls due meanwhile.
 */
const env = withAppAndBrowser({ timeScale: 30 });

describe('one-tap "I am safe"', () => {
  it('is offered only after the first check-in, and one tap records a check-in', async () => {
    // prepare: Alice in the home, not yet checked in
    const visitId = `safe-tap-${Date.now().toString(36)}`;
    await readyVisit(env.app, visitId);
    const alice = await as(env.app, 'staff-alice');
    for (const [action, body] of [
      ['depart', {}],
      ['arrive', {}],
      ['enter', { peoplePresent: [{ name: 'Pat Parent', relationship: 'parent' }], invitedIn: true, animals: 'none' }],
    ] as const) {
      expect((await alice.post(`/visits/${visitId}/${action}`, body)).status, action).toBe(200);
    }
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
