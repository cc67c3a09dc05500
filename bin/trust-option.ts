import { loadTrust, PolicyFileError, type Trust } from '../policies/load';
import { usageError } from './command-line';

/**
 * The trust named by `--trust` and the region to reach it in (`--region`, else the trust file's):
 * a usage error, said in words, for a missing or unloadable trust.
 */
export async function trustOfCommandLine(usage: string, values: { trust?: string; region?: string }): Promise<{ trust: Trust; region: string }> {
  const trustId = values.trust ?? (await usageError(usage, 'which trust? --trust <id>, a file in policies/trusts/'));
  let trust: Trust;
  try {
    trust = loadTrust(trustId);
  } catch (error) {
    if (!(error instanceof PolicyFileError)) throw error;
    trust = await usageError(usage, `trust ${trustId}: ${error.message}`);
  }
  return { trust, region: values.region ?? trust.config.region };
}
