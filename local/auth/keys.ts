import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import * as z from 'zod';

/**
 * The local signing key: ES256, generated on first use and kept under the data directory (0600),
 * so tokens printed by `npm run token` keep working across restarts of the local runtime.
 */

export const SIGNING_ALG = 'ES256';

const StoredKey = z.object({
  kid: z.string().min(1),
  alg: z.literal(SIGNING_ALG),
  privateJwk: z.record(z.string(), z.unknown()),
  publicJwk: z.record(z.string(), z.unknown()),
});
export type StoredKey = z.infer<typeof StoredKey>;

export interface SigningKey {
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
}

export const keyFile = (dataDir: string) => join(dataDir, 'auth', 'signing-key.json');

export async function generateStoredKey(): Promise<StoredKey> {
  const { privateKey, publicKey } = await generateKeyPair(SIGNING_ALG, { extractable: true });
  return {
    kid: `local-${Date.now().toString(36)}`,
    alg: SIGNING_ALG,
    privateJwk: { ...(await exportJWK(privateKey)) },
    publicJwk: { ...(await exportJWK(publicKey)) },
  };
}

export async function importStoredKey(stored: StoredKey): Promise<SigningKey> {
  const key = StoredKey.parse(stored);
  const privateKey = await importJWK(key.privateJwk as JWK, SIGNING_ALG);
  const publicKey = await importJWK(key.publicJwk as JWK, SIGNING_ALG);
  if (!isCryptoKey(privateKey) || !isCryptoKey(publicKey)) throw new Error('the stored signing key is not an EC key');
  return { kid: key.kid, privateKey, publicKey };
}

/** The key under `dataDir`, created if there is none (two processes racing both end up with the file's key). */
export async function loadOrCreateKey(dataDir: string): Promise<SigningKey> {
  const file = keyFile(dataDir);
  try {
    return await importStoredKey(StoredKey.parse(JSON.parse(await readFile(file, 'utf8'))));
  } catch (error) {
    if (!isMissing(error)) throw error;
  }
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const fresh = await generateStoredKey();
  try {
    await writeFile(file, JSON.stringify(fresh, null, 2), { mode: 0o600, flag: 'wx' });
    return await importStoredKey(fresh);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return importStoredKey(StoredKey.parse(JSON.parse(await readFile(file, 'utf8'))));
  }
}

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
const isCryptoKey = (key: unknown): key is CryptoKey => typeof key === 'object' && key !== null && 'algorithm' in key;
