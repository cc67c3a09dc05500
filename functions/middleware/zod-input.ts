import type middy from '@middy/core';
import type { z } from 'zod';

/** The event did not match the handler's schema: not retryable, and the message names the fields. */
export class InvalidInputError extends Error {
  override readonly name = 'InvalidInputError';
  constructor(readonly issues: readonly { path: string; message: string }[], options?: { cause?: unknown }) {
    super(`invalid input: ${issues.map((issue) => `${issue.path || '(root)'}: ${issue.message}`).join('; ')}`, options);
  }
}

export const fieldIssues = (error: z.ZodError) =>
  error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));

/**
 * Parse (not just check) the event with a zod schema before the handler runs, so the handler
 * receives typed, defaulted input.
 *
 * @example
 * const handler = middy(async (input: { visitId: string }) => input.visitId).use(zodInput(z.object({ visitId: z.string() })));
 */
export function zodInput<S extends z.ZodType>(schema: S): middy.MiddlewareObj<unknown, unknown> {
  return {
    before: (request) => {
      const result = schema.safeParse(request.event);
      if (!result.success) throw new InvalidInputError(fieldIssues(result.error), { cause: result.error });
      request.event = result.data;
    },
  };
}
