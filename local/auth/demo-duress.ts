import { hashDuressCode, MemoryDuressCodes } from '../../functions/adapters/duress-codes';
import { DEMO_USERS } from './users';

/** The demo staff's duress code (documented in the README). Hashed at start; only the hashes are kept. */
export const DEMO_DURESS_CODE = '9999';

export async function demoDuressCodes(): Promise<MemoryDuressCodes> {
  const staff = DEMO_USERS.filter((user) => user.groups.includes('staff'));
  return new MemoryDuressCodes(new Map(await Promise.all(staff.map(async (user) => [user.userId, await hashDuressCode(DEMO_DURESS_CODE)] as const))));
}
