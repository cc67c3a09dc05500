/**
 * Reading a stored event's data as possibly altered: a field of the wrong kind reads as missing, so
 * the narrator tells an altered record instead of throwing on it.
 */

export const text = (value: unknown): string | undefined => (typeof value === 'string' && value.length > 0 ? value : undefined);
export const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
export const texts = (value: unknown): string[] => list(value).filter((item): item is string => typeof item === 'string');
export const record = (value: unknown): Record<string, unknown> =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
