import * as z from 'zod';
import { Policy } from '../core/policy';

/**
 * The trust's policies, as JSON text: the stack puts them in `TRUST_POLICIES` (an esbuild `define`
 * at bundle time, since five policies outgrow Lambda's 4 KB of environment). Parsed, never trusted.
 */
export function policiesFromEnv(text: string | undefined = process.env.TRUST_POLICIES): Policy[] {
  // Spelt out as `process.env.TRUST_POLICIES` (not requiredEnv's dynamic lookup) so the bundle-time define replaces it.
  if (!text) throw new Error('TRUST_POLICIES is not set: the stack defines it when it bundles this handler');
  return z.array(Policy).min(1).parse(JSON.parse(text));
}
