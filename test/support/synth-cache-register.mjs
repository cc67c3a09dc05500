import { register } from 'node:module';

/** `node --import tsx --import ./test/support/synth-cache-register.mjs bin/start.ts …`: see synth-cache-hooks.mjs. */
register('./synth-cache-hooks.mjs', import.meta.url);
