import { DEMO_USERS } from '../local/auth';
import { commandLine, usageError } from './command-line';
import { DEFAULT_DATA_DIR, startBanner } from './local-commands';

const USAGE = `usage: npm start -- [options]
The whole product on this machine, no AWS account: the API, the workflows and a local DynamoDB.
  --port 3000            where the API listens (0: any free port)
  --host 127.0.0.1
  --time-scale 1         how many times faster than real time the clock runs (60: an hour a minute);
                         the clock carries on from the data folder after a restart, and never goes back
  --data-dir ${DEFAULT_DATA_DIR}       events, signing key, alerts file and clock; npm run token and npm run demo
                         need the same --data-dir (the banner prints their exact commands)
  --trust sample-trust   the trust config (policies/trusts/<trust>.json): its schools and their policies
  --webhook <url>        also POST every alert here (repeatable)
  --token-lifetime 43200 seconds a sign-in's ID token lasts before the pages refresh it (Cognito's: 3600)
  -h, --help             this text`;

const { values } = await commandLine(USAGE, {
  options: {
    port: { type: 'string', default: '3000' },
    host: { type: 'string', default: '127.0.0.1' },
    'time-scale': { type: 'string', default: '1' },
    'data-dir': { type: 'string', default: DEFAULT_DATA_DIR },
    trust: { type: 'string', default: 'sample-trust' },
    webhook: { type: 'string', multiple: true, default: [] },
    'token-lifetime': { type: 'string', default: '43200' },
  },
});
const port = Number(values.port);
const timeScale = Number(values['time-scale']);
if (!Number.isInteger(port) || port < 0 || port > 65535) await usageError(USAGE, `--port must be a port number, got ${values.port}`);
if (!(timeScale > 0) || !Number.isFinite(timeScale)) await usageError(USAGE, `--time-scale must be a positive number, got ${values['time-scale']}`);

const tokenTtlSeconds = Number(values['token-lifetime']);
if (!Number.isInteger(tokenTtlSeconds) || tokenTtlSeconds < 1) await usageError(USAGE, `--token-lifetime must be a whole number of seconds, got ${values['token-lifetime']}`);

const dataDir = values['data-dir'];
// Loaded only now, so that --help and a usage error answer at once (the runtime synthesises the CDK app).
const { startLocal } = await import('../local/server');
const local = await startLocal({ port, host: values.host, timeScale, dataDir, trust: values.trust, webhooks: values.webhook, web: true, tokenTtlSeconds });
console.log(
  startBanner({ url: local.url, dataDir, timeScale, now: local.runtime.clock.now(), resumed: local.resumed, users: DEMO_USERS.map((user) => user.userId) }),
);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping: finishing in-flight steps; the event history stays in the data folder');
    local.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
