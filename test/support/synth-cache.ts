import { readFileSync } from 'node:fs';
import type { SynthesizedStack } from '../../local/synth';

/**
 * Stands in for `local/synth.ts` in a runtime started by a test as a child process (see
 * synth-cache-hooks.mjs): the same template, synthesised once by the test process with the real
 * `synthesizedStack()` and written to the file HOME_VISITS_SYNTH_CACHE names, so that each restart
 * of the child does not pay for the CDK again.
 */
export type { SynthesizedStack };

let cached: SynthesizedStack | undefined;

export function synthesizedStack(): SynthesizedStack {
  const file = process.env.HOME_VISITS_SYNTH_CACHE;
  if (!file) throw new Error('HOME_VISITS_SYNTH_CACHE names no file: the test that started this runtime writes the synthesised stack there');
  cached ??= JSON.parse(readFileSync(file, 'utf8')) as SynthesizedStack;
  return cached;
}
