import { hashDuressCode, MemoryDuressCodes } from '../../functions/adapters/duress-codes';
import { DEMO_USERS } from './users';

/**
 * The demo people's duress code (documented in the README): everyone a policy may send on a visit
 * (a DSL may make one herself), so not the auditor. Hashed at start; only the hashes are kept.
 */
export const DEMO_DURESS_CODE = '9999';

export async function demoDuressCodes(): Promise<MemoryDuressCodes> {
  const staff = DEMO_USERS.filter((user) => !user.groups.every((group) => group === 'auditor'));
  // Hashed once for all of them: the code is the README's, so one salt gives nothing away, and a
  // scrypt per person (about 80 ms of CPU each) was most of `npm start`'s start-up.
  const hash = await hashDuressCode(DEMO_DURESS_CODE);
  return new MemoryDuressCodes(new Map(staff.map((user) => [user.userId, hash] as const)));
}
