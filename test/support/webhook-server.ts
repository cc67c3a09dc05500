import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AlertMessage } from '../../functions/core/alerts';

/**
 * An alert webhook on 127.0.0.1 that records every request it is sent and answers each as told:
 * 200 (`ok`), 500 (`fail`), 200 after a while (`{ okAfterMs }`), or never (`hang`: it keeps the
 * request open until the caller gives up). Requests and the test's own marks share one sequence of
 * ticks, so a test can say what happened before what without measuring time.
 */

export type WebhookAnswer = 'ok' | 'fail' | 'hang' | { readonly okAfterMs: number };

export interface WebhookCall {
  readonly message: AlertMessage;
  /** 1 for the first request carrying this messageId, 2 for the next… */
  readonly attempt: number;
  readonly answer: WebhookAnswer;
  /** The tick at which the request arrived. */
  readonly receivedAt: number;
  /** The tick at which it ended: answered, or abandoned by the caller. */
  endedAt?: number;
  /** The status it answered with, if it answered before the caller gave up. */
  status?: number;
}

export interface WebhookServer {
  readonly url: string;
  readonly calls: readonly WebhookCall[];
  /** The next tick of the shared sequence: a mark for something the test saw. */
  tick(): number;
  callsFor(messageId: string): WebhookCall[];
  /** The messages it answered 200 before the caller gave up: delivered. */
  delivered(): AlertMessage[];
  /** Ends every open request (a hung one ends as abandoned) and stops listening. */
  close(): Promise<void>;
}

export async function startWebhookServer(answer: (message: AlertMessage, attempt: number) => WebhookAnswer = () => 'ok'): Promise<WebhookServer> {
  const calls: WebhookCall[] = [];
  let ticks = 0;
  const tick = () => ++ticks;

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const message = JSON.parse(Buffer.concat(chunks).toString('utf8')) as AlertMessage;
      const attempt = calls.filter((call) => call.message.messageId === message.messageId).length + 1;
      const call: WebhookCall = { message, attempt, answer: answer(message, attempt), receivedAt: tick() };
      calls.push(call);
      response.on('close', () => {
        call.endedAt ??= tick();
      });
      const reply = (status: number) => {
        if (response.destroyed) return;
        call.status = status;
        response.writeHead(status, { 'content-type': 'application/json' }).end(status === 200 ? '{"ok":true}' : '{"error":"webhook down"}');
      };
      if (call.answer === 'ok') reply(200);
      else if (call.answer === 'fail') reply(500);
      else if (call.answer !== 'hang') setTimeout(() => reply(200), call.answer.okAfterMs);
      // 'hang': no answer; the caller's time limit (or close()) ends it.
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/alerts`,
    calls,
    tick,
    callsFor: (messageId) => calls.filter((call) => call.message.messageId === messageId),
    delivered: () => calls.filter((call) => call.status === 200).map((call) => call.message),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
