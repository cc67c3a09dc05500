import { parseArgs } from 'node:util';
import { DEMO_USERS } from '../local/auth';
import { startLocal } from '../local/server';

/**
 * `npm start`: the whole product on this machine, no AWS account.
 *   --port 3000  --time-scale 1  --data-dir .data  --trust sample-trust  --webhook <url> (repeatable)
 */
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '3000' },
    host: { type: 'string', default: '127.0.0.1' },
    'time-scale': { type: 'string', default: '1' },
    'data-dir': { type: 'string', default: '.data' },
    trust: { type: 'string', default: 'sample-trust' },
    webhook: { type: 'string', multiple: true, default: [] },
  },
});
const port = Number(values.port);
const timeScale = Number(values['time-scale']);
if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, got ${values.port}`);
if (!(timeScale > 0)) throw new Error(`--time-scale must be a positive number, got ${values['time-scale']}`);

const local = await startLocal({ port, host: values.host, timeScale, dataDir: values['data-dir'], trust: values.trust, webhooks: values.webhook });
console.log(`home-visits is running at ${local.url}  (time scale ${timeScale}×, data in ${values['data-dir']}/)`);
console.log(`  health:   curl ${local.url}/health`);
console.log(`  a token:  npm run token -- dsl        (demo users: ${DEMO_USERS.map((user) => user.userId).join(', ')})`);
console.log(`  the API:  curl -H "Authorization: Bearer $(npm run -s token -- office)" ${local.url}/visits?status=active`);
console.log(`  a demo:   npm run demo                 (drives a whole visit over HTTP and prints its timeline)`);
console.log(`  alerts appear below and in ${values['data-dir']}/outbox.jsonl${local.resumed ? `; resumed ${local.resumed} unfinished visit(s)` : ''}`);

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
