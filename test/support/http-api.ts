import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Router } from '../../functions/api';
import type { LocalAuth } from '../../local/auth';
import { writeResult } from '../../local/http-adapter';
import { apiEvent } from './api-events';

/**
 * The API router behind a real HTTP server on 127.0.0.1 (a free port), for clients that speak HTTP
 * (the auditors' CLI): each request becomes an API Gateway proxy event, its bearer token verified
 * by the local auth as the Cognito authorizer would, and the result written back as API Gateway
 * would (the local server's writeResult: base64 bodies as bytes only for a binary first Accept type).
 */
export interface HttpApi {
  readonly url: string;
  close(): Promise<void>;
}

export async function serveApi(route: Router, auth: LocalAuth): Promise<HttpApi> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      void (async () => {
        const headers = Object.fromEntries(
          Object.entries(request.headers).flatMap(([name, value]) => (typeof value === 'string' ? [[name, value]] : [])),
        );
        const body = Buffer.concat(chunks).toString('utf8');
        const event = apiEvent({ method: request.method as 'GET' | 'POST', path: request.url ?? '/', headers, ...(body ? { body } : {}), claims: null });
        const result = await route(await auth.authorize(event));
        writeResult(response, result, request.headers.accept);
      })().catch((error: unknown) => {
        response.writeHead(500).end(String(error));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
