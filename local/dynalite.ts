import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { closeDynaliteIterators } from './dynalite-iterators';

export interface Dynalite {
  /** A client for this server (region eu-west-2, dummy credentials). */
  readonly client: DynamoDBClient;
  readonly endpoint: string;
  /** Destroys the client and closes the server. */
  stop(): Promise<void>;
}

/**
 * dynalite checks that a request carries a well-formed SigV4 Authorization header, never its
 * signature. Signing each call (an HMAC chain and a SHA-256 of the body) took a sixth of a local
 * call's CPU, and a check-in makes eight calls: the local client sends the header unsigned. Clients
 * for AWS sign as ever; the SDK's serialising, retries and errors are the same either way.
 */
const UNSIGNED = {
  sign: async <R extends { headers: Record<string, string> }>(request: R): Promise<R> => {
    request.headers['x-amz-date'] = '20260101T000000Z';
    request.headers.authorization = 'AWS4-HMAC-SHA256 Credential=local/20260101/eu-west-2/dynamodb/aws4_request, SignedHeaders=host, Signature=unsigned';
    return request;
  },
};

/**
 * dynalite on a local port (0: a free one); tables become ACTIVE at once. In memory unless `path`
 * names a folder, where it keeps its data on disk (LevelDB) across restarts.
 */
export async function startDynalite(options: { path?: string; port?: number } = {}): Promise<Dynalite> {
  closeDynaliteIterators();
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, ...(options.path ? { path: options.path } : {}) });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  // Requests still being answered: closing the database under one throws inside dynalite (a write
  // updating its indexes after the close), so stop() lets them finish first.
  let inFlight = 0;
  server.on('request', (_request, response) => {
    inFlight += 1;
    response.once('close', () => (inFlight -= 1));
  });
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({
    region: 'eu-west-2',
    endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    signer: UNSIGNED,
  });
  return {
    client,
    endpoint,
    async stop() {
      client.destroy();
      for (const drainBy = Date.now() + 2_000; inFlight > 0 && Date.now() < drainBy; ) await new Promise((resolve) => setTimeout(resolve, 5));
      // Keep-alive sockets from other clients would otherwise hold close() open.
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
