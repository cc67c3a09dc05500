import os from 'node:os';
import { benchBoardLatency } from './board-latency';
import { benchContention } from './contention';
import { benchDeploy } from './deploy';
import { benchEventStore } from './event-store';
import { benchOpenLoop } from './open-loop';
import { benchPeers } from './peers';
import { benchAlertLatency, benchApi } from './local-runtime';
import { benchReconcile } from './reconcile';
import { benchReplay } from './replay';
import { benchStart } from './start';
import { benchWebBundle } from './web-bundle';

const benches: Array<{ readonly name: string; readonly run: () => Promise<void> }> = [
  { name: 'event store beside its peer (Castore) and the floor (bare PutItem / Query), interleaved, in-memory dynalite', run: benchPeers },
  { name: 'event store (DynamoDB adapter on in-memory dynalite)', run: benchEventStore },
  { name: 'workflow alerts (local engine, dynalite, one process)', run: benchAlertLatency },
  { name: 'API over HTTP (npm start runtime, one process)', run: benchApi },
  { name: 'a call for help under contention: 50 writers on one visit, over HTTP (npm start runtime) and one API instance each (as Lambda)', run: benchContention },
  { name: 'open loop: 50 check-ins/s with 1,000 visits live (npm start runtime, its own process)', run: benchOpenLoop },
  { name: 'npm start: time to /health and idle memory', run: benchStart },
  { name: 'web pages: what each page downloads (JS + CSS, gzip)', run: benchWebBundle },
  { name: 'office board: an alert\'s publish to its row on screen (Chromium, npm start, 20 panics)', run: benchBoardLatency },
  { name: 'auditing: replay + verify a 10,000-event visit through the API (dynalite)', run: benchReplay },
  { name: 'the reconciler against 70,000 open visits (SDK calls counted, Step Functions throttled in virtual time)', run: benchReconcile },
  { name: 'deploying to AWS: Lambda bundles, cold init, and the cost of a visit (eu-west-2 list prices)', run: benchDeploy },
];

console.log(
  `machine: ${os.cpus()[0]?.model ?? 'unknown cpu'}, ${os.cpus().length} cpus, ` +
    `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}`,
);
// `npm run bench -- contention` runs only the benches whose name holds one of the words given.
const only = process.argv.slice(2);
for (const bench of benches.filter(({ name }) => only.length === 0 || only.some((word) => name.includes(word)))) {
  console.log(`\n${bench.name}`);
  const start = performance.now();
  await bench.run();
  console.log(`  (${((performance.now() - start) / 1000).toFixed(1)} s)`);
}
