import { randomUUID } from 'node:crypto';

/** A unique name with a readable prefix, so tests sharing one table or stream space never collide. */
export function uniqueId(prefix: string): string {
  return `${prefix}-${randomUUID()}`;
}
