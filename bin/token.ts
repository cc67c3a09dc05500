import { access } from 'node:fs/promises';
import { createLocalAuth, DEMO_USERS, keyFile, LocalAuthError } from '../local/auth';
import { commandLine, usageError } from './command-line';
import { DEFAULT_DATA_DIR } from './local-commands';

const users = DEMO_USERS.map((user) => `  ${user.userId.padEnd(12)} ${user.groups.join(',').padEnd(12)} ${user.name}`).join('\n');
const USAGE = `usage: npm run token -- <user id or role> [--data-dir DIR] [--ttl SECONDS]
Prints a bearer token for a demo user of the local runtime (npm start).
  <user id or role>   staff-bob, or a role (dsl, office, headteacher, auditor…) for its first user
  --data-dir ${DEFAULT_DATA_DIR}    the server's data folder: its signing key signs the token, so use the
                      --data-dir the server was started with (its start banner prints this command)
  --ttl SECONDS       how long the token lasts (default 12 hours)
  -h, --help          this text
demo users:
${users}`;

const { values, positionals } = await commandLine(USAGE, {
  allowPositionals: true,
  options: { 'data-dir': { type: 'string', default: DEFAULT_DATA_DIR }, ttl: { type: 'string' } },
});

const who = positionals[0] ?? (await usageError(USAGE, 'whose token? name a demo user or a role'));
if (positionals.length > 1) await usageError(USAGE, `one user at a time, got ${positionals.join(' ')}`);
const ttlSeconds = values.ttl === undefined ? undefined : Number(values.ttl);
if (ttlSeconds !== undefined && !(Number.isInteger(ttlSeconds) && ttlSeconds > 0)) await usageError(USAGE, '--ttl takes whole seconds');

const dataDir = values['data-dir'];
const hadKey = await access(keyFile(dataDir)).then(
  () => true,
  () => false,
);
const auth = await createLocalAuth({ dataDir });
if (!hadKey) {
  // Said on stderr, so `$(npm run -s token -- office)` still captures only the token.
  console.error(
    `note: no server has used ${dataDir}/ yet, so a new signing key was made there. A server started with another --data-dir will answer 401 to this token: use the --data-dir it was started with.`,
  );
}
try {
  console.log(await auth.tokenFor(who, ttlSeconds === undefined ? {} : { ttlSeconds }));
} catch (error) {
  if (!(error instanceof LocalAuthError)) throw error;
  await usageError(USAGE, error.message);
}
