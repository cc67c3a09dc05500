import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { VisitPassKey } from '../api/visit-pass';

/**
 * The visit-pass key where there is no KMS: an HMAC-SHA-256 secret in this process (tests) or kept in
 * the local runtime's data folder, so passes issued before a restart still verify after it.
 */
export class HmacVisitPassKey implements VisitPassKey {
  constructor(private readonly secret: Uint8Array = randomBytes(32)) {}

  /** The secret in `file`, made (readable by this user alone) the first time. */
  static async stored(file: string): Promise<HmacVisitPassKey> {
    const existing = await readFile(file).catch(() => undefined);
    if (existing && existing.length >= 32) return new HmacVisitPassKey(existing);
    const secret = randomBytes(32);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, secret, { mode: 0o600 });
    return new HmacVisitPassKey(secret);
  }

  async sign(data: Uint8Array): Promise<Uint8Array> {
    return new Uint8Array(createHmac('sha256', this.secret).update(data).digest());
  }

  async verify(data: Uint8Array, mac: Uint8Array): Promise<boolean> {
    const expected = await this.sign(data);
    return mac.length === expected.length && timingSafeEqual(mac, expected);
  }
}
