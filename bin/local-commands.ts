import { shellArg } from './command-line';

/**
 * What `npm start`, `npm run token` and `npm run demo` agree on, and the exact commands the start
 * banner prints: a token made from another data folder is signed with another key and answers 401,
 * so the banner spells out `--data-dir` (and the demo's `--url`) whenever they are not the defaults.
 */

export const DEFAULT_DATA_DIR = '.data';
export const DEFAULT_URL = 'http://127.0.0.1:3000';

/** `npm run token -- <who>` for a server whose data is in `dataDir`. */
export function tokenCommand(who: string, dataDir: string, options: { silent?: boolean } = {}): string {
  const args = [who, ...(dataDir === DEFAULT_DATA_DIR ? [] : ['--data-dir', dataDir])];
  return `npm run ${options.silent ? '-s ' : ''}token -- ${args.map(shellArg).join(' ')}`;
}

/** `npm run demo` against the server at `url` whose data is in `dataDir`. */
export function demoCommand(url: string, dataDir: string): string {
  const args = [...(url === DEFAULT_URL ? [] : ['--url', url]), ...(dataDir === DEFAULT_DATA_DIR ? [] : ['--data-dir', dataDir])];
  return args.length === 0 ? 'npm run demo' : `npm run demo -- ${args.map(shellArg).join(' ')}`;
}

export interface BannerFacts {
  readonly url: string;
  readonly dataDir: string;
  readonly timeScale: number;
  /** The server's clock when it started (after a restart: where the data folder's clock had got to). */
  readonly now: Date;
  readonly resumed: number;
  readonly users: readonly string[];
}

/** What `npm start` prints once it is listening: every command there copies as is. */
export function startBanner(facts: BannerFacts): string {
  const { url, dataDir } = facts;
  return [
    `home-visits is running at ${url}  (time scale ${facts.timeScale}×, clock at ${facts.now.toISOString()}, data in ${dataDir}/)`,
    `  the pages: open ${url}/ in a browser and sign in as a demo user (staff phone, office board, DSL desk, auditor)`,
    `  health:   curl ${url}/health`,
    `  a token:  ${tokenCommand('dsl', dataDir)}        (demo users: ${facts.users.join(', ')})`,
    `  the API:  curl -H "Authorization: Bearer $(${tokenCommand('office', dataDir, { silent: true })})" ${url}/visits?status=active`,
    `  a demo:   ${demoCommand(url, dataDir)}                 (drives a whole visit over HTTP and prints its timeline)`,
    `  alerts appear below and in ${dataDir}/outbox.jsonl${facts.resumed ? `; resumed ${facts.resumed} unfinished visit(s)` : ''}`,
  ].join('\n');
}
