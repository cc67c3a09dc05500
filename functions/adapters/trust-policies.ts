import * as z from 'zod';
import { PolicyV2, type Policy } from '../core/policy';

/**
 * The trust's policies, as JSON text: the stack puts them in `TRUST_POLICIES` (an esbuild `define`
 * at bundle time, since five policies outgrow Lambda's 4 KB of environment). Parsed, never trusted.
 */
export function policiesFromEnv(text: string | undefined = process.env.TRUST_POLICIES): Policy[] {
  // Spelt out as `process.env.TRUST_POLICIES` (not requiredEnv's dynamic lookup) so the bundle-time define replaces it.
  if (!text) throw new Error('TRUST_POLICIES is not set: the stack defines it when it bundles this handler');
  // Built from the trust's files at synth, so always format 2: no format-1 upgrade in the bundle.
  return z.array(PolicyV2).min(1).parse(JSON.parse(text));
}
