import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WEB_ROOT, webIsCurrent, webSourceHash } from '../../local/web-build';

const CORE_ROOT = join(WEB_ROOT, '../functions/core');

describe('whether the web app is built', () => {
  it('does not depend on the build lock: a build is current once its lock is gone', async () => {
    // The global setup built it: current, and each start serves it without building again.
    expect(await webIsCurrent()).toBe(true);
    const before = await webSourceHash();
    const lock = join(WEB_ROOT, '.build-lock');
    await mkdir(lock);
    try {
      await writeFile(join(lock, 'pid'), String(process.pid));
      // What a build hashes while it holds the lock, and stamps on the site it built.
      expect(await webSourceHash()).toBe(before);
    } finally {
      await rm(lock, { recursive: true, force: true });
    }
  });

  it('is stale once the core the pages import changes (the stage table says which buttons a status offers)', async () => {
    const before = await webSourceHash();
    const probe = join(CORE_ROOT, '.web-build-probe');
    await writeFile(probe, 'changed');
    try {
      expect(await webSourceHash()).not.toBe(before);
    } finally {
      await rm(probe, { force: true });
    }
    expect(await webSourceHash()).toBe(before);
  });
});
