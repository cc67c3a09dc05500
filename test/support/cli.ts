import { main } from '../../bin/visit-cli';

/** `npm run visit -- …` in-process against `url` with `token`, its output captured. */
export async function runCli(args: readonly string[], url: string, token: string, fetchImpl: typeof fetch = fetch) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main([...args, '--url', url, '--token', token], {
    out: (text) => out.push(text),
    err: (text) => err.push(text),
    env: {},
    fetch: fetchImpl,
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
