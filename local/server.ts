import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { AlertPublisher } from '../functions/adapters/alert-publisher';
import { HmacVisitPassKey } from '../functions/adapters/hmac-visit-pass-key';
import { textWordsOf } from '../functions/core/sms-words';
import { loadTrust } from '../policies/load';
import { ConsoleAlertPublisher, OutboxAlertPublisher, WebhookAlertPublisher } from './alert-sinks';
import { DEFAULT_DELIVERY, type AlertSink, type DeliveryPolicy } from './alert-topic';
import { createLocalAuth, demoDuressCodes, generateStoredKey, type LocalAuth } from './auth';
import { ScaledClock, StoredScaledClock } from './engine';
import { startDynalite, type Dynalite } from './dynalite';
import { BodyTooLargeError, readBody, toApiEvent, writeResult } from './http-adapter';
import { createVisitRuntime, type VisitRuntime } from './visit-runtime';
import { serveTexts } from './texts-http';
import { serveWeb } from './web';
import { ensureWebBuilt, WEB_DIST } from './web-build';

export interface LocalOptions {
  readonly port?: number;
  readonly host?: string;
  /** How many times faster than real time the clock runs. @default 1 */
  readonly timeScale?: number;
  /** Where dynalite, the signing key and the alerts file live; none: everything in memory (tests). */
  readonly dataDir?: string;
  readonly trust?: string;
  readonly webhooks?: readonly string[];
  /** Extra alert sinks (tests capture alerts here). */
  readonly alerts?: readonly AlertPublisher[];
  /** How hard the alert topic tries each sink. @default DEFAULT_DELIVERY */
  readonly delivery?: Partial<DeliveryPolicy>;
  /** Console output (alerts, failures). @default console.log */
  readonly log?: (line: string) => void;
  /**
   * Where the clock starts. With a `dataDir`, only the first time: after that it carries on from
   * `<dataDir>/clock.json`, downtime included, and never goes backwards. @default now
   */
  readonly clockStart?: Date;
  /** Serve the web pages at `/` (building web/ first if it changed). `npm start` does; API-only tests need not. @default false */
  readonly web?: boolean;
  /** How long a sign-in's ID token lasts before the pages must refresh it (Cognito's: an hour). @default 12 hours */
  readonly tokenTtlSeconds?: number;
}

export interface LocalRuntime {
  readonly url: string;
  readonly runtime: VisitRuntime;
  readonly auth: LocalAuth;
  readonly resumed: number;
  close(): Promise<void>;
}

/** Everything `npm start` runs: dynalite, the engine with the synthesised workflow, the API on localhost. */
export async function startLocal(options: LocalOptions = {}): Promise<LocalRuntime> {
  const log = options.log ?? console.log;
  const trust = loadTrust(options.trust ?? 'sample-trust');
  const dynalite: Dynalite = await startDynalite(options.dataDir ? { path: join(options.dataDir, 'dynamodb') } : {});
  const clock = options.dataDir
    ? await StoredScaledClock.open(join(options.dataDir, 'clock.json'), options.timeScale ?? 1, options.clockStart ? { start: options.clockStart } : {})
    : new ScaledClock(options.timeScale ?? 1, options.clockStart);
  const sinks: AlertSink[] = [
    { name: 'console', sink: new ConsoleAlertPublisher(clock, log) },
    ...(options.dataDir ? [{ name: 'outbox.jsonl', sink: new OutboxAlertPublisher(join(options.dataDir, 'outbox.jsonl'), clock) }] : []),
    ...(options.webhooks ?? []).map((url) => ({ name: `webhook ${url}`, sink: new WebhookAlertPublisher(url, options.delivery?.timeoutMs ?? DEFAULT_DELIVERY.timeoutMs) })),
    ...(options.alerts ?? []).map((sink, index) => ({ name: `sink ${index + 1}`, sink })),
  ];
  const live = await createVisitRuntime({
    dynamodb: dynalite.client,
    policies: trust.policies.values(),
    sinks,
    log,
    ...(options.delivery ? { delivery: options.delivery } : {}),
    clock,
    duress: await demoDuressCodes(),
    textWords: textWordsOf(trust.config.sms?.words),
    // Kept beside the sign-in key, so a phone's pass still works after a restart.
    passKey: options.dataDir ? await HmacVisitPassKey.stored(join(options.dataDir, 'auth', 'visit-pass.key')) : new HmacVisitPassKey(),
  });
  const ttl = options.tokenTtlSeconds ? { ttlSeconds: options.tokenTtlSeconds } : {};
  const auth = await createLocalAuth(options.dataDir ? { dataDir: options.dataDir, ...ttl } : { key: await generateStoredKey(), ...ttl });
  const web = options.web ? { dist: WEB_DIST, ready: ensureWebBuilt(log), auth } : undefined;
  // A failed build is reported once, and the pages answer 404; the API goes on regardless.
  web?.ready.catch((error: unknown) => log(`!! the web app did not build: ${error instanceof Error ? error.message : String(error)}`));

  const server: Server = createServer((request, response) => {
    void (async () => {
      try {
        if (web && (await serveWeb(request, response, web).catch(() => false))) return;
        if (await serveTexts(request, response, live.texts)) return;
        const event = toApiEvent(request, await readBody(request));
        writeResult(response, await live.api.route(await auth.authorize(event)), request.headers.accept);
      } catch (error) {
        const status = error instanceof BodyTooLargeError ? 413 : 500;
        if (status === 500) log(`!! request failed: ${error instanceof Error ? error.name : 'error'}`);
        writeResult(response, { statusCode: status, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ error: status === 413 ? 'too-large' : 'internal' }) }, request.headers.accept);
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const resumed = await live.resume();

  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    runtime: live,
    auth,
    resumed,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await live.close();
      if (clock instanceof StoredScaledClock) await clock.close();
      await dynalite.stop();
    },
  };
}
