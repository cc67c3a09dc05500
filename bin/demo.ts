import { randomUUID } from 'node:crypto';
import { createLocalAuth } from '../local/auth';
import { ApiClient, type Reply } from './client/api-client';
import { commandLine } from './command-line';
import { DEFAULT_DATA_DIR, DEFAULT_URL } from './local-commands';

const USAGE = `usage: npm run demo -- [--url URL] [--data-dir DIR]
Drives one whole Hunsbury Park visit over HTTP against a running npm start, then prints its
timeline from the history.
  --url URL          the server (HOME_VISITS_URL; default ${DEFAULT_URL})
  --data-dir ${DEFAULT_DATA_DIR}   the server's data folder, whose key signs the demo users' tokens
                     (the server's start banner prints this command with the right options)
  -h, --help         this text`;

const { values } = await commandLine(USAGE, {
  options: { url: { type: 'string' }, 'data-dir': { type: 'string', default: DEFAULT_DATA_DIR } },
});
const url = values.url ?? process.env.HOME_VISITS_URL ?? DEFAULT_URL;
const auth = await createLocalAuth({ dataDir: values['data-dir'] });
const api = new ApiClient(url);
const as = async (user: string) => api.as(await auth.tokenFor(user));
const [alice, head] = await Promise.all([as('staff-alice'), as('head-hana')]);

function must(step: string, reply: Reply): Reply {
  if (reply.status === 401) {
    throw new Error(`${step}: HTTP 401: the server at ${url} does not accept tokens signed with the key in ${values['data-dir']}/; pass the --data-dir it was started with (its start banner prints this command)`);
  }
  if (reply.status >= 300) throw new Error(`${step}: HTTP ${reply.status} ${JSON.stringify(reply.body)}`);
  console.log(`  ${step.padEnd(34)} → ${reply.status} ${reply.body?.status ?? ''}`);
  return reply;
}

const health = await api.get('/health').catch(() => undefined);
if (health?.status !== 200) {
  console.error(`No home-visits server at ${url}. Start one first: npm start -- --time-scale 60`);
  process.exit(1);
}

const visitId = `demo-${randomUUID().slice(0, 8)}`;
// The server's clock, not this machine's: with --time-scale it runs ahead (and carries on across restarts).
const now = Date.parse(health.body?.now) || Date.now();
const at = (minutes: number) => new Date(now + minutes * 60_000).toISOString();
console.log(`Visit ${visitId} at Hunsbury Park Primary School, over ${url}`);
must('request (Alice, staff)', await alice.post('/visits', {
  visitId,
  details: {
    schoolId: 'hunsbury-park', kind: 'planned', purpose: 'attendance',
    purposeDetail: 'Attendance has fallen this term; agree a plan with the family.',
    pupil: { id: 'pupil-demo', name: 'Sam Pupil' }, address: '12 Example Road, Northampton',
    appointmentAt: at(15), plannedStartAt: at(0), expectedReturnAt: at(120),
    staff: [{ userId: 'staff-alice', name: 'Alice Officer' }, { userId: 'staff-bob', name: 'Bob Worker' }],
    preVisitChecks: ['records-checked', 'line-manager-informed'],
    riskFactors: { knownRisksInRecords: false, previousIncidents: false, agenciesInvolved: false, agencyConcernsForStaff: false, animals: 'none', unmitigatedConcerns: false },
  },
}));
must('authorise (Hana, headteacher)', await head.post(`/visits/${visitId}/authorise`, { note: 'Go ahead, in a pair.' }));
must('risk assessed by the workflow', await alice.waitForStatus(visitId, ['ready']));
must('depart (check in before)', await alice.post(`/visits/${visitId}/depart`, {}));
must('arrive', await alice.post(`/visits/${visitId}/arrive`, {}));
const noParent = await alice.post(`/visits/${visitId}/enter`, { peoplePresent: [{ name: 'An older sibling', relationship: 'sibling' }], invitedIn: true, animals: 'none' });
console.log(`  ${'enter with no parent present'.padEnd(34)} → ${noParent.status} ${noParent.body?.rule ?? ''} (the policy refuses)`);
must('enter (parent at home)', await alice.post(`/visits/${visitId}/enter`, { peoplePresent: [{ name: 'Pat Parent', relationship: 'parent' }, { name: 'Sam Pupil', relationship: 'pupil' }], invitedIn: true, animals: 'none' }));
must('check in', await alice.post(`/visits/${visitId}/check-in`, { note: 'All well' }));
must('leave', await alice.post(`/visits/${visitId}/leave`, { notes: { facts: ['Sam misses the 8:05 bus on Mondays'], agreements: ['Parent walks Sam to the 8:05 bus'], followUpNeeded: false } }));
must('return (check in after)', await alice.post(`/visits/${visitId}/return`, {}));
must('closed and report filed', await alice.waitForStatus(visitId, ['filed']));

const history = must('history (headteacher)', await head.get(`/visits/${visitId}/history`)).body;
console.log(`\nTimeline (integrity: ${history.integrity.ok ? `verified, ${history.events.length} events, head ${String(history.integrity.headHash).slice(0, 12)}…` : `BROKEN at version ${history.integrity.version}`})`);
for (const event of history.events) {
  console.log(`  v${String(event.version).padStart(2)}  ${String(event.recordedAt).slice(11, 19)}  ${String(event.type).padEnd(18)} ${String(event.role).padEnd(11)} ${event.actor}`);
}
