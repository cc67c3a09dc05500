import { hashDuressCode, MemoryDuressCodes } from '../../functions/adapters/duress-codes';
import { DEMO_USERS } from './users';

/**
 * The demo people's duress code (documented in the README): everyone a policy may send on a visit
 * (a DSL may make one herself), so not the auditor. Hashed at start; only the hashes are kept.
 */
export const DEMO_DURESS_CODE = '9999';

export async function demoDuressCodes(): Promise<MemoryDuressCodes> {
  const staff = DEMO_USERS.filter((user) => !user.groups.every((group) => group === 'auditor'));
  return new MemoryDuressCodes(new Map(await Promise.all(staff.map(async (user) => [user.userId, await hashDuressCode(DEMO_DURESS_CODE)] as const))));
}
