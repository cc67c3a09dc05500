import { randomUUID } from 'node:crypto';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { PHONE, screenshot, signedInContext, withAppAndBrowser } from '../support/browser';
import { as, readyVisit } from './staff-visits';

/**
 * The staff page in a hand, and to a screen reader (issue 20, item 10): every control a thumb's
 * 44 px high at 360 px, a form's errors take focus to their summary, the bar's links are legible
 * when focused, and passing a deadline is said at once. At 120× a minute of the server's clock is
 * half a second: Hunsbury's 30-minute safe return passes in 15 s.
 */
const env = withAppAndBrowser({ timeScale: 120 });

/** A Hunsbury Park visit Alice is on, moved by her over the API through `steps`, each with its body. */
async function visitAfter(steps: ReadonlyArray<readonly [string, unknown]>): Promise<string> {
  const visitId = `reach-${randomUUID().slice(0, 8)}`;
  await readyVisit(env.app, visitId);
  const alice = await as(env.app, 'staff-alice');
  for (const [step, body] of steps) {
    const reply = await alice.post(`/visits/${visitId}/${step}`, body);
    if (reply.status !== 200) throw new Error(`${step}: HTTP ${reply.status} ${JSON.stringify(reply.body)}`);
  }
  return visitId;
}

async function phone(path: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await signedInContext(env.browser, env.app, 'staff-alice', PHONE);
  context.setDefaultTimeout(20_000);
  const page = await context.newPage();
  await page.goto(path);
  return { context, page };
}

const primary = (page: Page, name: string) => page.locator('.hv-primary', { hasText: name });

/** The page's globals these steps read (the tests are type-checked against Node's lib, which has no DOM). */
interface Box {
  readonly width: number;
  readonly height: number;
}
interface InBrowser {
  readonly document: {
    querySelectorAll(selector: string): ArrayLike<{ readonly textContent: string | null; readonly className: string; getBoundingClientRect(): Box }>;
    readonly activeElement: { readonly className: string; readonly textContent: string | null } | null;
  };
}

/** Every control on screen that a thumb presses, with its height: buttons, links, fields (the skip link shows only when focused). */
async function controls(page: Page): Promise<Array<{ name: string; height: number }>> {
  return page.evaluate(() =>
    Array.from((globalThis as unknown as InBrowser).document.querySelectorAll('button, a[href]:not(.govuk-skip-link), select, input:not([type=hidden]), textarea'))
      .map((element) => ({ name: `${element.className}: ${(element.textContent ?? '').trim().slice(0, 40)}`, box: element.getBoundingClientRect() }))
      .filter(({ box }) => box.width > 0)
      .map(({ name, box }) => ({ name, height: Math.round(box.height * 10) / 10 })),
  );
}

/** What the countdown's live region said, kept by a MutationObserver in the page. */
interface LiveRegionLog {
  said: string[];
  readonly document: { querySelector(selector: string): { readonly textContent: string | null } | null };
  readonly MutationObserver: new (callback: () => void) => { observe(target: unknown, options: Record<string, boolean>): void };
}

const tooSmall = (found: ReadonlyArray<{ name: string; height: number }>) => found.filter((control) => control.height < 44);

const focused = (page: Page) =>
  page.evaluate(() => {
    const active = (globalThis as unknown as InBrowser).document.activeElement;
    return { className: active?.className ?? '', text: active?.textContent ?? '' };
  });

describe('the staff page in a hand', () => {
  it('every control is at least 44 px high at 360 px: the bar, the list, the visit, its forms', async () => {
    const visitId = await visitAfter([['depart', {}]]);
    const { context, page } = await phone('/staff.html');
    await page.getByRole('link', { name: /Hunsbury Park Primary School/ }).waitFor();
    const list = await controls(page);
    expect(list.map((control) => control.name)).toEqual(expect.arrayContaining([expect.stringContaining('Sign out'), expect.stringContaining('Hold to call for help')]));
    expect(tooSmall(list)).toEqual([]);

    await page.goto(`/staff.html#visit/${visitId}`);
    await primary(page, 'I have arrived').waitFor();
    const visit = await controls(page);
    expect(visit.map((control) => control.name)).toEqual(expect.arrayContaining([expect.stringContaining('All my visits'), expect.stringContaining('The family are running late')]));
    expect(tooSmall(visit)).toEqual([]);

    await page.getByRole('button', { name: 'Check in', exact: true }).click();
    await page.getByRole('heading', { name: 'Check in with the office' }).waitFor();
    expect(tooSmall(await controls(page))).toEqual([]);
    await page.getByRole('button', { name: 'Back', exact: true }).click();
    await page.getByRole('button', { name: 'Cancel the visit' }).click();
    await page.getByLabel('It is not safe').check(); // opens what made it unsafe
    expect(tooSmall(await controls(page))).toEqual([]);
    await screenshot(page, 'staff-touch-cancel-form-360');
    await context.close();
  });

  it('the bar’s links, focused, are black on yellow, never black on its black', async () => {
    const { context, page } = await phone('/staff.html');
    const name = page.getByRole('link', { name: 'Home visits' });
    await name.focus();
    const colours = await name.evaluate((link) => {
      const style = (globalThis as unknown as { getComputedStyle(element: unknown): { color: string; backgroundColor: string } }).getComputedStyle(link);
      return { color: style.color, background: style.backgroundColor };
    });
    expect(colours).toEqual({ color: 'rgb(11, 12, 12)', background: 'rgb(255, 221, 0)' });
    await page.screenshot({ path: await screenshot(page, 'staff-bar-focused-360'), clip: { x: 0, y: 0, width: 360, height: 140 } });
    await context.close();
  });
});

describe('a form’s errors take focus to their summary', () => {
  it('when the phone finds them: late, concern and cancel forms sent empty', async () => {
    const visitId = await visitAfter([['depart', {}]]);
    const { context, page } = await phone(`/staff.html#visit/${visitId}`);
    await primary(page, 'I have arrived').waitFor();
    for (const [open, submit, error] of [
      ['The family are running late', 'Tell the office', 'Enter how many minutes late'],
      ['Raise a safeguarding concern', 'Send the concern', 'Describe the concern'],
      ['Cancel the visit', 'Cancel the visit', 'Choose why the visit is cancelled'],
    ] as const) {
      await page.getByRole('button', { name: open, exact: true }).click();
      await page.getByRole('button', { name: submit, exact: true }).click();
      await expect.poll(() => focused(page)).toEqual({ className: 'govuk-error-summary', text: expect.stringContaining(error) });
      // Sent empty again: focus goes back to the summary from wherever it was.
      await page.getByRole('button', { name: submit, exact: true }).focus();
      await page.getByRole('button', { name: submit, exact: true }).click();
      await expect.poll(() => focused(page)).toEqual({ className: 'govuk-error-summary', text: expect.stringContaining(error) });
      await page.getByRole('button', { name: 'Back', exact: true }).click();
    }
    await context.close();
  });

  it('when the server refuses it: going in with only a sibling at home', async () => {
    const visitId = await visitAfter([['depart', {}], ['arrive', {}], ['family-at-door', {}]]);
    const { context, page } = await phone(`/staff.html#visit/${visitId}`);
    await primary(page, 'Going in').click();
    await page.getByLabel('Person 1: name').fill('An older sibling');
    await page.getByLabel('Person 1: who they are').selectOption('sibling');
    await page.getByRole('group', { name: 'Were you invited in?' }).getByLabel('Yes').check();
    await page.getByLabel('No animals').check();
    await page.getByRole('button', { name: 'Go in', exact: true }).click();
    await expect.poll(() => focused(page)).toEqual({ className: 'govuk-error-summary', text: expect.stringContaining('do not enter unless a parent or carer is present') });
    await context.close();
  });
});

describe('a deadline passing', () => {
  it('is said at once: "You are overdue", not at the countdown’s next 30-second turn', async () => {
    const left = { notes: { facts: [], agreements: [], followUpNeeded: false } };
    const visitId = await visitAfter([['depart', {}], ['arrive', {}], ['leave', left]]);
    const { context, page } = await phone(`/staff.html#visit/${visitId}`);
    await primary(page, 'I am back safely').waitFor();
    // Everything the live region says, as a screen reader would hear it, however soon the next deadline replaces it.
    await page.locator('.hv-countdown [aria-live]').waitFor({ state: 'attached' });
    await page.evaluate(() => {
      const scope = globalThis as unknown as LiveRegionLog;
      const region = scope.document.querySelector('.hv-countdown [aria-live]')!;
      // An empty region says nothing (it is empty while the page first renders it).
      const say = (text: string | null) => (text ? scope.said.push(text) : undefined);
      scope.said = [];
      say(region.textContent);
      new scope.MutationObserver(() => say(region.textContent)).observe(region, { childList: true, characterData: true, subtree: true });
    });
    const said = () => page.evaluate(() => (globalThis as unknown as LiveRegionLog).said);
    await expect.poll(said).toEqual([expect.stringMatching(/^Tell the office you are back within/)]);
    // 30 minutes of the server's clock is 15 s: said within 25 s of opening, before the countdown may speak again.
    await expect.poll(said, { timeout: 25_000 }).toContainEqual(expect.stringMatching(/^You are overdue by \d+ min \d\d s\. /));
    // The office's overdue alert, once open, is said too: its warning appears inside a live region.
    await expect.poll(() => page.locator('[aria-live="assertive"]').textContent()).toContain('You are overdue: check in now.');
    await screenshot(page, 'staff-overdue-360');
    await context.close();
  }, 60_000);
});
