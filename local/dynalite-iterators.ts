import { createRequire } from 'node:module';

/**
 * dynalite 4.0.0 reads LevelDB through async iterators wrapped in streams, and never closes them: a
 * stream that reaches its end pushes null without `iterator.close()`, and one destroyed early (a
 * Query with a Limit) calls `iterator.return()`, which abstract-level 3 iterators do not have. Each
 * iterator left open stays in its database's resource set with the buffers it read: 10,000 Queries
 * held about 200 MiB, most of the local runtime's growth under load (issue 12). This closes them at
 * the end and on destroy, on the iterator prototype that dynalite's databases (memory-level in
 * memory, classic-level on disk) share, until dynalite itself does. No install script: it is
 * applied where dynalite is started.
 */
export function closeDynaliteIterators(): void {
  const fromDynalite = createRequire(createRequire(import.meta.url).resolve('dynalite'));
  for (const store of ['memory-level', 'level']) {
    const { AbstractKeyIterator } = createRequire(fromDynalite.resolve(store))('abstract-level') as {
      AbstractKeyIterator: { prototype: object };
    };
    // Keys, values and entries iterators all extend abstract-level's (unexported) CommonIterator.
    patch(Object.getPrototypeOf(AbstractKeyIterator.prototype) as LevelIterator);
  }
}

interface LevelIterator {
  next(): Promise<unknown>;
  close(): Promise<void>;
  return?: () => Promise<void>;
  [PATCHED]?: true;
}

const PATCHED = Symbol('home-visits: closes at end');

function patch(iterator: LevelIterator): void {
  if (iterator[PATCHED]) return;
  const next = iterator.next;
  iterator.next = async function (this: LevelIterator) {
    const item = await next.call(this);
    if (item === undefined) await this.close();
    return item;
  };
  iterator.return = function (this: LevelIterator) {
    return this.close();
  };
  iterator[PATCHED] = true;
}
