import { main } from '../bin/visit-cli';
import { WORKFLOW_ACTOR, type Actor } from '../functions/core/actor';
import { NO_STREAM, type EventMeta, type NewEvent } from '../functions/core/event-store';
import { visitEvent } from '../functions/core/events';
import { addMinutes } from '../functions/core/time';
import { createLocalAuth, generateStoredKey } from '../local/auth';
import { AUDITOR } from '../test/support/actors';
import { eventAs } from '../test/support/api-events';
import { startApiHarness } from '../test/support/api-harness';
import { serveApi } from '../test/support/http-api';
import { policyOf, T0, visitDetails } from '../test/support/scenario';

/**
 * An auditor replaying and verifying one very long visit (10,000 events: a visit with ~10,000
 * check-ins) through the API on dynalite: the history route in-process (read, verify, fold, JSON,
 * and the audit record of the read), then the CLI over HTTP (fetch, parse, verify again here, and
 * for replay the timeline). The stream is built directly in the store, in appends of 25.
 */
const EVENTS = 10_000;
const RUNS = 5;

export async function benchReplay(): Promise<void> {
  const h = await startApiHarness();
  const auth = await createLocalAuth({ key: await generateStoredKey() });
  const http = await serveApi(h.api.route, auth);
  try {
    const visitId = 'bench-long-visit';
    const built = await timed(() => buildLongVisit(h.store, visitId));
    line(`build a ${EVENTS.toLocaleString('en-GB')}-event visit in appends of 25`, `${Math.round(built)} ms`);

    let bytes = 0;
    const route = await runs(async () => {
      const reply = await h.api.route(eventAs(AUDITOR, 'GET', `/visits/${visitId}/history`));
      const body = JSON.parse(reply.body) as { integrity: { ok: boolean; headVersion: number } };
      if (reply.statusCode !== 200 || !body.integrity.ok || body.integrity.headVersion !== EVENTS) throw new Error('bench: history did not verify');
      bytes = Buffer.byteLength(reply.body);
    });
    line('GET history via the router (read+verify+fold+record read)', `p50 ${route.p50} ms (min ${route.min}, max ${route.max}); ${(bytes / 2 ** 20).toFixed(1)} MiB of JSON`);

    const token = await auth.tokenFor('auditor-ari');
    const io = { out: () => undefined, err: (text: string) => console.error(text), env: {}, fetch };
    for (const command of ['verify', 'replay'] as const) {
      const cli = await runs(async () => {
        const code = await main([command, visitId, '--url', http.url, '--token', token], io);
        if (code !== 0) throw new Error(`bench: ${command} exited ${code}`);
      });
      line(`npm run visit -- ${command} (CLI over HTTP, verified here too)`, `p50 ${cli.p50} ms (min ${cli.min}, max ${cli.max})`);
    }
  } finally {
    await http.close();
    await h.stop();
  }
}

/** A visit that went out and checked in ~10,000 times: real visit events, so the fold and the timeline are the real ones. */
async function buildLongVisit(store: Awaited<ReturnType<typeof startApiHarness>>['store'], visitId: string): Promise<void> {
  const policy = policyOf('hunsbury-park');
  const alice: Actor = { userId: 'staff-alice', role: 'staff' };
  let minute = 0;
  const meta = (actor: Actor, seq: number): EventMeta => ({ commandId: `bench-${seq}`, actor, recordedAt: addMinutes(T0, minute++) });
  const opening: NewEvent[] = [
    visitEvent('VisitRequested', { visitId, policy: { schoolId: policy.schoolId, version: policy.version }, details: visitDetails(policy.schoolId) }, meta(alice, 0)),
    visitEvent('VisitAuthorised', {}, meta({ userId: 'head-hana', role: 'headteacher' }, 1)),
    visitEvent('RiskAssessed', { rating: 'low', outcome: 'proceed', reasons: [], controls: ['Carry a charged phone'] }, meta(WORKFLOW_ACTOR, 2)),
    visitEvent('Departed', {}, meta(alice, 3)),
    visitEvent('Arrived', {}, meta(alice, 4)),
    visitEvent('Entered', { peoplePresent: [{ name: 'Pat Parent', relationship: 'parent' }] }, meta(alice, 5)),
  ];
  const closing = (seq: number): NewEvent[] => [
    visitEvent('LeftHome', {}, meta(alice, seq)),
    visitEvent('ReturnedSafely', {}, meta(alice, seq + 1)),
    visitEvent('VisitClosed', { outcome: 'completed' }, meta(WORKFLOW_ACTOR, seq + 2)),
  ];
  const checkIns = Array.from({ length: EVENTS - opening.length - 3 }, (_, index) =>
    visitEvent('CheckedIn', { note: 'Still with the family; all well.' }, meta(alice, opening.length + index)),
  );
  const all = [...opening, ...checkIns, ...closing(EVENTS - 3)];
  let version = NO_STREAM;
  for (let start = 0; start < all.length; start += 25) {
    ({ nextExpectedVersion: version } = await store.append(visitId, all.slice(start, start + 25), { expectedVersion: version, commandId: `bench-append-${start}` }));
  }
}

async function runs(work: () => Promise<void>): Promise<{ p50: number; min: number; max: number }> {
  const times: number[] = [];
  for (let run = 0; run < RUNS; run += 1) times.push(await timed(work));
  const sorted = times.toSorted((a, b) => a - b);
  return { p50: Math.round(sorted[Math.floor(sorted.length / 2)]!), min: Math.round(sorted[0]!), max: Math.round(sorted.at(-1)!) };
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

function line(what: string, figure: string): void {
  console.log(`  ${what.padEnd(60)} ${figure}`);
}
