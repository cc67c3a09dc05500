/**
 * One retryable error for every adapter: a table, topic or Step Functions call that was throttled,
 * timed out or could not be reached, with nothing done. The adapters translate the SDK's many names
 * for that into this one at their edge, so the state machine retries one name (and the event store's
 * own EventStoreUnavailableError), and a caller never has to know which AWS error means "try again".
 *
 * @example
 * const item = await whenAvailable('task token table', () => client.send(new GetItemCommand(input)));
 */
export class DependencyUnavailableError extends Error {
  override readonly name = 'DependencyUnavailableError';
  readonly retryable = true;

  constructor(
    /** What could not be reached, in words for a log: `board table home-visits-board`. */
    readonly dependency: string,
    options: { cause: unknown },
  ) {
    super(`${dependency} is unavailable: ${describe(options.cause)}`, options);
  }
}

/** The error name the state machine's retriers match (the class sets it; a test holds them equal). */
export const DEPENDENCY_UNAVAILABLE = 'DependencyUnavailableError';

/** AWS error names that mean "throttled or briefly down: the same request may succeed later". */
const TRANSIENT_NAMES = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'LimitExceededException',
  'InternalServerError',
  'InternalFailure',
  'InternalErrorException',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'KMSThrottlingException',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
]);

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND', 'EHOSTUNREACH']);

/**
 * Whether an error from an AWS SDK call (or the network under it) is worth retrying as it was sent:
 * a throttle, a server fault, a timeout, a dropped connection. A refusal (validation, access, a
 * failed condition) is not: retrying it only repeats the answer.
 */
export function isTransientAwsError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error instanceof DependencyUnavailableError) return true;
  if (TRANSIENT_NAMES.has(error.name)) return true;
  const { code, $fault, $retryable } = error as Error & { code?: unknown; $fault?: unknown; $retryable?: unknown };
  return (typeof code === 'string' && NETWORK_CODES.has(code)) || $fault === 'server' || $retryable !== undefined;
}

/** Runs one call to a dependency, translating a transient failure into DependencyUnavailableError; other errors pass unchanged. */
export async function whenAvailable<T>(dependency: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof DependencyUnavailableError) throw error;
    if (isTransientAwsError(error)) throw new DependencyUnavailableError(dependency, { cause: error });
    throw error;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
