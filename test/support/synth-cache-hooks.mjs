/**
 * Module resolution hooks for a runtime started as a child process in a test: `local/synth.ts`
 * resolves to `test/support/synth-cache.ts`, which serves the synthesised stack the test process
 * already wrote down (HOME_VISITS_SYNTH_CACHE) instead of synthesising it again with the CDK.
 * Registered by `test/support/synth-cache-register.mjs`. Plain JavaScript: hooks run on their own thread.
 */
const SYNTH = new URL('../../local/synth.ts', import.meta.url).href;
const CACHED = new URL('./synth-cache.ts', import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  return resolved.url === SYNTH ? { ...resolved, url: CACHED, shortCircuit: true } : resolved;
}
