import { parseArgs, type ParseArgsConfig } from 'node:util';

/**
 * The command line of a `bin/` script, read the same way by each: `--help` (or `-h`) prints the
 * usage and exits 0 before anything else is done; an option the script does not know prints the
 * problem and the usage and exits 2.
 *
 * @example
 * const { values } = await commandLine(USAGE, { options: { port: { type: 'string', default: '3000' } } });
 */
export async function commandLine<T extends ParseArgsConfig>(usage: string, config: T): Promise<ReturnType<typeof parseArgs<T>>> {
  const argv = process.argv.slice(2);
  const beforeDashes = argv.includes('--') ? argv.slice(0, argv.indexOf('--')) : argv;
  if (beforeDashes.some((arg) => arg === '--help' || arg === '-h')) return exit(0, usage);
  try {
    return parseArgs(config);
  } catch (error) {
    return exit(2, `${error instanceof Error ? error.message : String(error)}\n\n${usage}`);
  }
}

/** A value the script cannot use: say which, show the usage, exit 2. */
export function usageError(usage: string, message: string): Promise<never> {
  return exit(2, `${message}\n\n${usage}`);
}

/** Print (usage to stdout, problems to stderr), wait until it is written, then exit. */
async function exit(code: number, text: string): Promise<never> {
  const stream = code === 0 ? process.stdout : process.stderr;
  await new Promise<void>((resolve) => stream.write(`${text}\n`, () => resolve()));
  process.exit(code);
}

/** `word` as one shell argument: as is when it is safe, else single-quoted. */
export const shellArg = (word: string): string => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`);
