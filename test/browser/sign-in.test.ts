import { describe, expect, it } from 'vitest';
import { expectAccessible, PHONE, screenshot, withAppAndBrowser } from '../support/browser';

/** The front door of `npm start`: the demo-user picker signs a person in and sends them to their role's page. */
const env = withAppAndBrowser({ timeScale: 60 });

describe('signing in on the local runtime', () => {
  it('lists the demo users; choosing the attendance officer lands on her visits, signed in by name', async () => {
    const context = await env.browser.newContext({ viewport: PHONE });
    const page = await context.newPage();
    await page.goto(`${env.app.url}/`);
    await expect.poll(() => page.getByRole('radio').count()).toBeGreaterThan(3);
    await screenshot(page, 'sign-in-360');
    await page.getByLabel(/Alice Officer/).check();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/staff\.html$/);
    await expect.poll(() => page.getByRole('banner').textContent()).toContain('Alice Officer');
    await context.close();
  });

  it('says what is wrong when nobody was chosen', async () => {
    const page = await env.browser.newPage();
    await page.goto(`${env.app.url}/`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Choose who you are');
    await page.close();
  });

  it('a page opened without signing in sends the person to sign in, and back after', async () => {
    const page = await env.browser.newPage();
    await page.goto(`${env.app.url}/board.html`);
    await page.waitForURL(/\/\?next=%2Fboard\.html$/);
    await page.getByLabel(/Olu Office/).check();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/board\.html$/);
    await page.close();
  });

  it('has no serious or critical accessibility violation', async () => {
    const context = await env.browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${env.app.url}/`);
    await expect.poll(() => page.getByRole('radio').count()).toBeGreaterThan(3);
    await expectAccessible(page);
    await context.close();
  });

  it('serves the pages with the deployed site\'s security headers, and config.json saying it is local', async () => {
    const page = await fetch(`${env.app.url}/staff.html`);
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(await (await fetch(`${env.app.url}/config.json`)).json()).toEqual({ apiUrl: '', auth: { kind: 'local' } });
    // The API is still the API on the same origin.
    expect((await fetch(`${env.app.url}/health`)).status).toBe(200);
  });
});
