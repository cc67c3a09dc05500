import { open, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ApiClient } from '../bin/client/api-client';
import { ensureWebBuilt } from '../local/web-build';
import requestFixture from '../test/fixtures/visit-request.json';
import { DESKTOP, launchBrowser, signedInContext, startApp, tokenFor, type App } from '../test/support/browser';

/**
 * The office board's update latency, with the real page in Chromium against a real `npm start`:
 * from an alert's publish (its line reaching the local outbox sink, `<data-dir>/outbox.jsonl`) to
 * its row showing it on screen (the frame after the row's DOM says PANIC). Twenty visits out, one
 * panic each, one after another, each after a random pause so that the panics fall anywhere in the
 * board's 2 s polling cycle rather than in step with it.
 */

const VISITS = 20;
const POLL_MS = 2000;

const percentile = (values: readonly number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Wall-clock milliseconds with sub-millisecond precision, comparable with the page's own. */
const wallNow = () => performance.timeOrigin + performance.now();

/** Follows outbox.jsonl: the wall-clock time each visit's first alert of a kind was appended. */
class OutboxTail {
  private offset = 0;
  private readonly seen = new Map<string, number>();
  private readonly timer: ReturnType<typeof setInterval>;
  private reading = false;
  constructor(private readonly file: string) {
    this.timer = setInterval(() => void this.read(), 2);
  }
  private async read(): Promise<void> {
    if (this.reading) return;
    this.reading = true;
    try {
      const size = await stat(this.file).then((s) => s.size, () => 0);
      if (size <= this.offset) return;
      const at = wallNow();
      const handle = await open(this.file, 'r');
      const { buffer, bytesRead } = await handle.read(Buffer.alloc(size - this.offset), 0, size - this.offset, this.offset);
      await handle.close();
      const text = buffer.subarray(0, bytesRead).toString('utf8');
      const complete = text.slice(0, text.lastIndexOf('\n') + 1);
      this.offset += Buffer.byteLength(complete);
      for (const line of complete.split('\n').filter(Boolean)) {
        const message = JSON.parse(line) as { visitId: string; kind: string };
        const key = `${message.visitId}:${message.kind}`;
        if (!this.seen.has(key)) this.seen.set(key, at);
      }
    } finally {
      this.reading = false;
    }
  }
  async when(visitId: string, kind: string, timeoutMs = 10_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (!this.seen.has(`${visitId}:${kind}`)) {
      if (Date.now() > deadline) throw new Error(`no ${kind} alert for ${visitId} in ${this.file}`);
      await pause(2);
    }
    return this.seen.get(`${visitId}:${kind}`)!;
  }
  close(): void {
    clearInterval(this.timer);
  }
}

/** In the page: note the wall-clock time of the first frame in which the visit's row says PANIC. */
const WATCH_ROW = `(visitId) => {
  window.__shown ??= {};
  const observer = new MutationObserver(check);
  function check() {
    const row = document.querySelector('tr[data-visit-id="' + visitId + '"]');
    if (!row || !row.textContent.includes('PANIC')) return;
    observer.disconnect();
    requestAnimationFrame(() => { window.__shown[visitId] = performance.timeOrigin + performance.now(); });
  }
  observer.observe(document.body, { subtree: true, childList: true, characterData: true });
  check();
}`;

async function visitsOut(app: App, count: number): Promise<string[]> {
  const api = new ApiClient(app.url);
  const [aliceToken, headToken] = await Promise.all([tokenFor(app, 'staff-alice'), tokenFor(app, 'head-hana')]);
  const alice = api.as(aliceToken);
  const head = api.as(headToken);
  const now = Date.parse((await api.get('/health')).body.now);
  const at = (minutes: number) => new Date(now + minutes * 60_000).toISOString();
  const ids = Array.from({ length: count }, (_, i) => `bench-board-${i}`);
  const must = async (step: string, reply: Promise<{ status: number; body: unknown }>) => {
    const answered = await reply;
    if (answered.status >= 300) throw new Error(`bench setup: ${step}: ${answered.status} ${JSON.stringify(answered.body)}`);
  };
  await Promise.all(
    ids.map(async (visitId) => {
      const details = { ...requestFixture, schoolId: 'hunsbury-park', appointmentAt: at(15), plannedStartAt: at(0), expectedReturnAt: at(120) };
      await must('request', alice.post('/visits', { visitId, details }));
      await must('authorise', head.post(`/visits/${visitId}/authorise`, {}));
      await must('ready', alice.waitForStatus(visitId, ['ready'], 60_000));
      await must('depart', alice.post(`/visits/${visitId}/depart`, {}));
    }),
  );
  return ids;
}

export async function benchBoardLatency(): Promise<void> {
  await ensureWebBuilt();
  const [app, browser] = await Promise.all([startApp({ timeScale: 1 }), launchBrowser()]);
  const outbox = new OutboxTail(join(app.dataDir, 'outbox.jsonl'));
  try {
    const ids = await visitsOut(app, VISITS);
    const alice = new ApiClient(app.url).as(await tokenFor(app, 'staff-alice'));
    const context = await signedInContext(browser, app, 'office-olu', DESKTOP);
    const page = await context.newPage();
    await page.goto(`${app.url}/board.html`);
    await page.waitForFunction(`document.querySelectorAll('tbody tr').length >= ${VISITS}`, undefined, { timeout: 30_000 });

    const fromPublish: number[] = [];
    const fromAnswer: number[] = [];
    for (const visitId of ids) {
      await pause(Math.random() * POLL_MS);
      await page.evaluate(`(${WATCH_ROW})(${JSON.stringify(visitId)})`);
      const reply = await alice.post(`/visits/${visitId}/panic`, { note: 'bench' });
      const answeredAt = wallNow();
      if (reply.status !== 200) throw new Error(`panic on ${visitId}: ${reply.status} ${JSON.stringify(reply.body)}`);
      const publishedAt = await outbox.when(visitId, 'panic');
      const shown = await page.waitForFunction(`window.__shown && window.__shown[${JSON.stringify(visitId)}]`, undefined, { timeout: 15_000 });
      const shownAt = (await shown.jsonValue()) as number;
      fromPublish.push(shownAt - publishedAt);
      fromAnswer.push(shownAt - answeredAt);
    }
    const line = (label: string, values: number[]) =>
      console.log(`  ${label.padEnd(54)} ${values.length} alerts; p50 ${percentile(values, 50).toFixed(0)} ms, p99 ${percentile(values, 99).toFixed(0)} ms, max ${Math.max(...values).toFixed(0)} ms`);
    line('alert published (outbox.jsonl line) → row on screen', fromPublish);
    line('panic POST answered → row on screen', fromAnswer);
    console.log(`  (the page polls GET /visits?status=active every ${POLL_MS / 1000} s, ${VISITS} visits out: the wait for the next poll is most of it)`);
    await context.close();
  } finally {
    outbox.close();
    await browser.close();
    await app.close();
  }
}
