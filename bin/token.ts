/**
 * Prints a bearer token for a demo user of the local runtime.
 *
 *   npm run token -- dsl            # the first DSL (by group)
 *   npm run token -- staff-bob      # by user id
 *   npm run token -- dsl --data-dir .data --ttl 3600
 */
import { parseArgs } from 'node:util';
import { createLocalAuth, LocalAuthError } from '../local/auth';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { 'data-dir': { type: 'string', default: '.data' }, ttl: { type: 'string' } },
});

const who = positionals[0];
const auth = await createLocalAuth({ dataDir: values['data-dir'] });
if (!who) {
  console.error(`usage: npm run token -- <user id or role>\ndemo users:\n${auth.users.map((u) => `  ${u.userId.padEnd(12)} ${u.groups.join(',').padEnd(12)} ${u.name}`).join('\n')}`);
  process.exit(2);
}
try {
  const ttlSeconds = values.ttl === undefined ? undefined : Number(values.ttl);
  if (ttlSeconds !== undefined && !(Number.isInteger(ttlSeconds) && ttlSeconds > 0)) throw new LocalAuthError('--ttl takes whole seconds');
  console.log(await auth.tokenFor(who, ttlSeconds === undefined ? {} : { ttlSeconds }));
} catch (error) {
  if (!(error instanceof LocalAuthError)) throw error;
  console.error(error.message);
  process.exit(2);
}
