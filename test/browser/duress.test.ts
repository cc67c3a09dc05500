import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_DURESS_CODE } from '../../local/auth/demo-duress';
import { expectAccessible, PHONE, screenshot, signedInContext, withAppAndBrowser } from '../support/browser';
import { eventually } from '../support/eventually';
import { alertsFor, as, readyVisit, serverNow } from './staff-visits';

/**
 * Duress on the staff page: the check-in code field takes the duress code like any other, and the
 * screen after a duress check-in is the screen after an ordinary one, element for element, while
 * the silent alert really goes out. Two twin visits, the same in all but their ids; at 30× the
 * home's 2-hour check-in is 4 minutes of real time, so nothing else happens meanwhile.
 */
const env = withAppAndBrowser({ timeScale: 30 });

const ORDINARY_CODE = '2468';

/** Twin visits by Alice, each over HTTP as far as being in the home. */
async function twinsInTheHome(): Promise<[string, string]> {
  const stamp = Date.now().toString(36);
  const twins: [string, string] = [`duress-a-${stamp}`, `duress-b-${stamp}`];
  const now = await serverNow(env.app);
  const alice = await as(env.app, 'staff-alice');
  for (const visitId of twins) {
    await readyVisit(env.app, visitId, { now });
    for (const [action, body] of [
      ['depart', {}],
      ['arrive', {}],
      ['enter', { peoplePresent: [{ name: 'Pat Parent', relationship: 'parent' }], invitedIn: true, animals: 'none' }],
    ] as const) {
      const reply = await alice.post(`/visits/${visitId}/${action}`, body);
      expect(reply.status, `${action} ${JSON.stringify(reply.body)}`).toBe(200);
    }
  }
  return twins;
}

/** Alice checks in on the visit through the page with `code`; the screen once the page has settled. */
async function checkInWith(visitId: string, code: string, name: string): Promise<{ html: string; page: Page }> {
  const context = await signedInContext(env.browser, env.app, 'staff-alice', PHONE);
  context.setDefaultTimeout(20_000);
  // A page waits while the runtime rebuilds web/ if it changed since the test began.
  context.setDefaultNavigationTimeout(90_000);
  const page = await context.newPage();
  await page.goto(`/staff.html#visit/${visitId}`);
  await page.locator('.hv-primary', { hasText: 'Check in' }).click();
  await page.getByLabel('Check-in code').fill(code);
  await screenshot(page, `duress-${name}-form-360`);
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Check in', exact: true }).click();
  await page.locator('.hv-primary', { hasText: 'I am leaving the home' }).waitFor();
  await expect.poll(() => page.locator('.hv-told').textContent()).toContain('Checked in');
  // Another poll of the visit or two, so what is compared is what the API says once it has settled.
  await page.waitForTimeout(4_000);
  await screenshot(page, `duress-${name}-after-360`);
  await expectAccessible(page);
  return { html: await page.locator('main').innerHTML(), page };
}

/** The screen with what differs between any two visits taken out: ids, clock times, countdowns. */
const normalised = (html: string, visitId: string) =>
  html
    .replaceAll(visitId, '<visit>')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<instant>')
    .replace(/\b\d\d:\d\d\b/g, '<hh:mm>')
    .replace(/\d+ h \d\d min|\d+ min \d\d s/g, '<countdown>');

describe('duress on the staff page', () => {
  it('a duress check-in leaves the same screen as an ordinary one, and the silent alert goes out', async () => {
    // prepare
    const [underDuress, ordinary] = await twinsInTheHome();

    // act
    const duressScreen = await checkInWith(underDuress, DEMO_DURESS_CODE, 'code');
    const ordinaryScreen = await checkInWith(ordinary, ORDINARY_CODE, 'ordinary');

    // assess: the same screen…
    expect(normalised(duressScreen.html, underDuress)).toBe(normalised(ordinaryScreen.html, ordinary));
    expect(duressScreen.html).toContain('You checked in.');
    // …and yet the duress alert went out, for that visit alone
    const [alert] = await eventually('the duress alert in the outbox', () => alertsFor(env.app, underDuress, 'duress').then((lines) => lines.length > 0 && lines), { timeoutMs: 15_000, everyMs: 200 });
    expect(alert).toMatchObject({ kind: 'duress', severity: 'critical', visitId: underDuress });
    expect(await alertsFor(env.app, ordinary, 'duress')).toEqual([]);
    const dsl = await as(env.app, 'dsl-dev');
    const alerts = async (visitId: string) => ((await dsl.get(`/visits/${visitId}`)).body.visit.alerts as Array<{ kind: string }>).map((open) => open.kind);
    expect(await alerts(underDuress)).toEqual(['duress']);
    expect(await alerts(ordinary)).toEqual([]);
    await duressScreen.page.context().close();
    await ordinaryScreen.page.context().close();
  }, 180_000);
});
