import * as z from 'zod';
import { HumanRole } from '../../functions/core/actor';
import demoUsersFile from './demo-users.json';

/** The local runtime's people: one or two per role, ids matching test/fixtures/visit-request.json. */

export const DemoUser = z
  .object({
    userId: z.string().min(1).max(128),
    name: z.string().min(1),
    groups: z.array(HumanRole).min(1),
    /** Their registered mobile (E.164, Ofcom's drama range): texts from it reach their visits (issue 25). */
    mobile: z.string().regex(/^\+[1-9]\d{6,14}$/).optional(),
    /** They chose the check-in reminders by text as well. */
    textReminders: z.boolean().optional(),
  })
  .strict();
export type DemoUser = z.infer<typeof DemoUser>;

export const DEMO_USERS: readonly DemoUser[] = z.array(DemoUser).parse(demoUsersFile);

/** A user by id, or the first user in a group (`dsl`, `staff`…). */
export function findUser(users: readonly DemoUser[], userIdOrRole: string): DemoUser | undefined {
  return (
    users.find((user) => user.userId === userIdOrRole) ??
    users.find((user) => (user.groups as readonly string[]).includes(userIdOrRole))
  );
}
