import { hashDuressCode, MemoryDuressCodes } from '../../functions/adapters/duress-codes';
import { DEMO_USERS } from './users';

/**
 * The demo people's check-in codes (documented in the README): everyone a policy may send on a visit
 * (a DSL may make one herself), so not the auditor. Each has the same duress code, and the same
 * ordinary check-in code for the schools whose policy asks for one with every check-in
 * (`checkIns.codeRequired`). Hashed at start; only the hashes are kept.
 */
export const DEMO_DURESS_CODE = '9999';
export const DEMO_CHECK_IN_CODE = '2468';

export async function demoDuressCodes(): Promise<MemoryDuressCodes> {
  const staff = DEMO_USERS.filter((user) => !user.groups.every((group) => group === 'auditor'));
  // Hashed once for all of them: the codes are the README's, so one salt gives nothing away, and a
  // scrypt per person (about 80 ms of CPU each) was most of `npm start`'s start-up.
  const [duress, ordinary] = await Promise.all([hashDuressCode(DEMO_DURESS_CODE), hashDuressCode(DEMO_CHECK_IN_CODE)]);
  return new MemoryDuressCodes(new Map(staff.map((user) => [user.userId, { duress, ordinary }] as const)));
}
