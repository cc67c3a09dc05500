import * as z from 'zod';

/** Human roles, as carried in the token's groups. `system` is the workflow itself, never a person. */
export const HumanRole = z.enum(['staff', 'office', 'dsl', 'slt', 'headteacher', 'auditor', 'admin']);
export type HumanRole = z.infer<typeof HumanRole>;

/**
 * Auditors only read: every other person may write (what each may write is the policy's and
 * decide's to say). The API's role check on writing routes and decide both refuse with this rule.
 */
export const READS_ONLY: HumanRole = 'auditor';
export const WRITER_ROLES: readonly HumanRole[] = HumanRole.options.filter((role) => role !== READS_ONLY);
export const READ_ONLY_REFUSAL = { rule: 'auditors-read-only', message: 'auditors read visits; they never change them' } as const;

export const Role = z.enum([...HumanRole.options, 'system']);
export type Role = z.infer<typeof Role>;

export const Actor = z.object({
  userId: z.string().min(1).max(128),
  role: Role,
  /** The person's name from their identity (the token's `name`), so records name people, not ids. */
  name: z.string().min(1).max(200).optional(),
});
export type Actor = z.infer<typeof Actor>;

export const WORKFLOW_ACTOR: Actor = { userId: 'workflow', role: 'system' };
