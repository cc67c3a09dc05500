export type Truthy<T> = Exclude<T, false | 0 | '' | null | undefined>;

/**
 * Poll `probe` until it gives something truthy, at most `timeoutMs` of real time; then that value.
 * Throws naming `what` (and the last value seen) when time runs out, so a hung scenario fails with
 * a sentence instead of a test timeout.
 */
export async function eventually<T>(what: string, probe: () => T | Promise<T>, options: { timeoutMs?: number; everyMs?: number } = {}): Promise<Truthy<T>> {
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  let last: T | undefined;
  for (;;) {
    last = await probe();
    if (last) return last as Truthy<T>;
    if (Date.now() >= deadline) throw new Error(`timed out waiting for ${what} (last seen: ${JSON.stringify(last)})`);
    await new Promise((resolve) => setTimeout(resolve, options.everyMs ?? 20));
  }
}
