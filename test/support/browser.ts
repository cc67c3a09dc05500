import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { freePort, startRuntimeProcess, type RuntimeProcess } from './runtime-process';

/**
 * The browser tests' parts: a Chromium no package downloads at install time (CHROME_PATH, Debian's
 * /usr/bin/chromium, or the one @sparticuz/chromium carries inside its npm package), a real
 * `npm start` runtime (bin/start.ts, serving the built pages) at a high time scale, demo sign-in,
 * screenshots as artefacts and axe-core.
 */

const ROOT = resolve(import.meta.dirname, '../..');
export const SCREENSHOTS = join(ROOT, 'test-results/screenshots');

/** Where a Chromium is, or a message that says how to get one: the tests fail, never skip. */
export async function chromiumPath(): Promise<string> {
  const candidates = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((path): path is string => Boolean(path));
  const found = candidates.find((path) => existsSync(path));
  if (found) return found;
  try {
    const { default: sparticuz } = await import('@sparticuz/chromium');
    return await sparticuz.executablePath();
  } catch (error) {
    throw new Error(
      `no Chromium for the browser tests: \`npm ci\` installs @sparticuz/chromium (which carries one), or install Debian's (apt-get install chromium) or set CHROME_PATH. (${String(error)})`,
    );
  }
}

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-fake-ui-for-media-stream',
  '--autoplay-policy=no-user-gesture-required',
];

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: await chromiumPath(), args: ARGS, headless: true });
}

let shared: Promise<Browser> | undefined;

/**
 * One Chromium per test process, shared by the browser files that run in it (the suite does not
 * isolate files): each test opens its own context, so no cookie, storage or service worker crosses
 * from one to the next. Never close it; it goes with the process (a crashed one is launched again).
 */
export function sharedBrowser(): Promise<Browser> {
  shared ??= launchBrowser().then((browser) => {
    browser.once('disconnected', () => (shared = undefined));
    return browser;
  });
  shared.catch(() => (shared = undefined));
  return shared;
}

/** After a file's tests: closes the contexts it left open in the shared browser (its files run one after another). */
export async function closeContexts(browser: Browser | undefined): Promise<void> {
  // A route handler still fetching would fail as its context goes: let it finish quietly first.
  await Promise.all(
    (browser?.contexts() ?? []).map(async (context) => {
      await context.unrouteAll({ behavior: 'ignoreErrors' });
      await Promise.all(context.pages().map((page) => page.unrouteAll({ behavior: 'ignoreErrors' })));
      await context.close();
    }),
  );
}

export interface App {
  readonly url: string;
  readonly runtime: RuntimeProcess;
  readonly dataDir: string;
  close(): Promise<void>;
}

export interface AppOptions {
  readonly timeScale: number;
  /** Seconds a sign-in's ID token lasts. @default 12 hours */
  readonly tokenLifetime?: number;
}

/** `npm start` in a child process on a fresh data folder, at `timeScale` times real time. */
export async function startApp(options: AppOptions): Promise<App> {
  const dataDir = await mkdtemp(join(tmpdir(), 'hv-browser-'));
  const runtime = await startRuntimeProcess({ dataDir, port: await freePort(), ...options });
  return {
    url: runtime.url,
    runtime,
    dataDir,
    async close() {
      await runtime.kill();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A test file's `npm start` (at `timeScale`) and the process's Chromium: ready before its tests
 * (within 90 s); the runtime is closed after them. The getters give them once started, so read
 * them in tests and hooks.
 */
export function withAppAndBrowser(
  options: AppOptions,
  /**
   * A Chromium of the file's own, closed after it: for pages that play sound. Audio contexts opened
   * by earlier files in a shared browser left "Turn on sound" unanswered now and then (its
   * AudioContext never started), which no person's single browser would see.
   */
  { ownBrowser = false }: { readonly ownBrowser?: boolean } = {},
): { readonly app: App; readonly browser: Browser } {
  let app: App | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    // Each kept as soon as it is up, so afterAll closes whichever started when the other failed.
    await Promise.all([startApp(options).then((started) => (app = started)), (ownBrowser ? launchBrowser() : sharedBrowser()).then((launched) => (browser = launched))]);
  }, 90_000);
  afterAll(async () => {
    await closeContexts(browser);
    if (ownBrowser) await browser?.close();
    await app?.close();
  });
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} starts in beforeAll: read it in a test or a later hook`);
    return value;
  };
  return {
    get app() {
      return started(app, 'the app');
    },
    get browser() {
      return started(browser, 'the browser');
    },
  };
}

/** A bearer token for a demo user, from the local runtime's sign-in (what the picker does). */
export async function tokenFor(app: Pick<App, 'url'>, userId: string): Promise<string> {
  const response = await fetch(`${app.url}/local/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId }) });
  if (!response.ok) throw new Error(`sign-in as ${userId}: HTTP ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}

export const PHONE = { width: 360, height: 740 } as const;
export const DESKTOP = { width: 1280, height: 900 } as const;

/** A browser context signed in as `userId` (its session put where the sign-in page puts it), at a viewport. */
export async function signedInContext(browser: Browser, app: Pick<App, 'url'>, userId: string, viewport: { width: number; height: number } = DESKTOP): Promise<BrowserContext> {
  const token = await tokenFor(app, userId);
  // bypassCSP only so axe-core can be injected; the pages themselves run under the site's CSP in every other test step.
  const context = await browser.newContext({ viewport, baseURL: app.url, bypassCSP: true, serviceWorkers: 'allow' });
  await context.addInitScript((value: string) => {
    const payload = JSON.parse(atob(value.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as Record<string, unknown>;
    const groups = payload['cognito:groups'];
    const session = {
      token: value,
      user: { userId: payload.sub, name: payload.name, groups: Array.isArray(groups) ? groups : String(groups).split(',') },
      expiresAt: Number(payload.exp) * 1000,
    };
    if (!localStorage.getItem('home-visits.session')) localStorage.setItem('home-visits.session', JSON.stringify(session));
  }, token);
  return context;
}

/** Writes test-results/screenshots/<name>.png: look at them. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

const require = createRequire(import.meta.url);

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: Array<{ target: unknown[] }>;
}

/** axe-core over the page as it is now: the serious and critical violations (WCAG 2.x A/AA and best practice). */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const result = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe;
    return axe.run((globalThis as unknown as { document: unknown }).document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } });
  });
  return result.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}

/** Fails with each violation's rule, help text and where, so the message says what to fix. */
export async function expectAccessible(page: Page): Promise<void> {
  const violations = await axeViolations(page);
  expect(violations.map((violation) => `${violation.id} (${violation.impact}): ${violation.help} at ${JSON.stringify(violation.nodes.map((node) => node.target))}`)).toEqual([]);
}
