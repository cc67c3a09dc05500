import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectAccessible, PHONE, screenshot, withAppAndBrowser } from '../support/browser';
import { eventually } from '../support/eventually';
import { alertsFor, as, hold, readyVisit } from './staff-visits';

/**
 * Issue 20, item 1: a call for help is never refused for want of a session. The runtime's ID tokens
 * last TOKEN_LIFETIME seconds (Cognito's last an hour; a visit can last longer). Signed in through the
 * picker, the staff page refreshes its token before it lapses; when the sign-in ends anyway (here:
 * its refresh token is gone, as when Cognito revokes it), the visit pass the phone was given still
 * carries a call for help, a check-in and "back safely" to the office.
 */
const TOKEN_LIFETIME = 4;
const env = withAppAndBrowser({ timeScale: 30, tokenLifetime: TOKEN_LIFETIME });

interface StoredSession {
  readonly token: string;
  readonly expiresAt: number;
  readonly refreshToken?: string;
}

const storedSession = (page: Page) => page.evaluate(() => JSON.parse(localStorage.getItem('home-visits.session') ?? 'null') as StoredSession | null);
const pageNow = (page: Page) => page.evaluate(() => Date.now());

/** Waits until the page's clock is past `at` (a token's end): the lapse is the server's real clock's to decide. */
async function until(page: Page, at: number): Promise<void> {
  await expect.poll(() => pageNow(page), { timeout: (TOKEN_LIFETIME + 10) * 1000, interval: 250 }).toBeGreaterThan(at);
}

async function eventTypes(visitId: string): Promise<string[]> {
  const auditor = await as(env.app, 'auditor-ari');
  const { body } = await auditor.get(`/visits/${visitId}/history`);
  return (body.events as Array<{ type: string; actor: string }>).map((event) => `${event.type} by ${event.actor}`);
}

describe('a sign-in that lapses mid-visit', () => {
  it('is refreshed while it can be; once it has ended, a call for help, a check-in and back safely still reach the office', async () => {
    // prepare: Alice is out, on her way back (cancelled while out: her safe return is due)
    const visitId = `lapse-${Date.now().toString(36)}`;
    await readyVisit(env.app, visitId);
    const alice = await as(env.app, 'staff-alice');
    expect((await alice.post(`/visits/${visitId}/depart`, {})).status).toBe(200);
    expect((await alice.post(`/visits/${visitId}/cancel`, { reason: 'other', detail: 'The family rang to rearrange.' })).status).toBe(200);
    const context = await env.browser.newContext({ viewport: PHONE, baseURL: env.app.url, bypassCSP: true, serviceWorkers: 'allow' });
    context.setDefaultTimeout(20_000);
    context.setDefaultNavigationTimeout(90_000);
    const page = await context.newPage();
    await page.goto('/');
    await page.getByLabel(/Alice Officer/).check();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/staff\.html/);
    await page.goto(`/staff.html#visit/${visitId}`);
    await page.locator('.hv-primary', { hasText: 'I am back safely' }).waitFor();
    await expect.poll(() => page.evaluate((id) => localStorage.getItem(`home-visits.pass.staff-alice.${id}`) !== null, visitId)).toBe(true);

    // act 1: the first token's lifetime passes with the page open
    const first = (await storedSession(page))!;
    expect(first.refreshToken).toBeTruthy();
    await until(page, first.expiresAt + 500);

    // assess 1: refreshed, so still signed in; nothing says otherwise
    await expect.poll(async () => (await storedSession(page))!.expiresAt).toBeGreaterThan(first.expiresAt);
    expect((await storedSession(page))!.token).not.toBe(first.token);
    expect(await page.getByTestId('signed-out').count()).toBe(0);

    // act 2: the sign-in ends (its refresh token revoked) and the last token lapses
    await page.evaluate(() => {
      const session = JSON.parse(localStorage.getItem('home-visits.session')!) as Record<string, unknown>;
      delete session.refreshToken;
      localStorage.setItem('home-visits.session', JSON.stringify(session));
    });
    await until(page, (await storedSession(page))!.expiresAt + 500);
    await page.getByTestId('signed-out').waitFor();

    // act 3: call for help (held 1.7 s), check in, back safely
    await hold(page, 1_700);
    await page.getByRole('heading', { name: /The office has been alerted/ }).waitFor();
    await page.getByRole('button', { name: 'Check in', exact: true }).click();
    await page.getByRole('heading', { name: 'Check in with the office' }).waitFor();
    await page.getByRole('button', { name: 'Check in', exact: true }).click();
    await eventually('the check-in recorded', async () => (await eventTypes(visitId)).includes('CheckedIn by staff-alice'));
    await page.locator('.hv-primary', { hasText: 'I am back safely' }).click();

    // assess 2: all three recorded as Alice's, the panic published to the office; the page told her
    await eventually('back safely recorded', async () => (await eventTypes(visitId)).includes('ReturnedSafely by staff-alice'));
    const types = await eventTypes(visitId);
    expect(types).toEqual(expect.arrayContaining(['PanicRaised by staff-alice', 'CheckedIn by staff-alice', 'ReturnedSafely by staff-alice']));
    expect(await alertsFor(env.app, visitId, 'panic')).toHaveLength(1);
    expect(await page.getByRole('region', { name: 'Not sent yet' }).count()).toBe(0);
    await screenshot(page, 'lapsed-sign-in-360');
    await expectAccessible(page);
    await context.close();
  }, 120_000);
});
