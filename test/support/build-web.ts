import { ensureWebBuilt } from '../../local/web-build';

/** vitest globalSetup: build the web pages once, before any test file starts a runtime that serves them. */
export default async function setup(): Promise<void> {
  await ensureWebBuilt((line) => console.log(line));
}
