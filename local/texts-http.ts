import type { IncomingMessage, ServerResponse } from 'node:http';
import { InboundText } from '../functions/app/text-ports';
import { readBody } from './http-adapter';
import type { LocalTexts } from './visit-runtime';

/**
 * The local text gateway (issue 25), on the API's origin as the demo sign-in is: `POST /local/sms`
 * takes the JSON AWS End User Messaging publishes for an inbound text and answers with what became
 * of it and the reply sent; `GET /local/sms` lists the texts sent so far (the outbox), newest last.
 * Exists only here: on AWS texts arrive on the inbound SNS topic (lib/sms.ts).
 */
export async function serveTexts(request: IncomingMessage, response: ServerResponse, texts: LocalTexts): Promise<boolean> {
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  if (path !== '/local/sms') return false;
  if (request.method === 'GET') {
    json(response, 200, { sent: texts.outbox.sent });
    return true;
  }
  if (request.method !== 'POST') return false;
  const body = await readBody(request); // too large: thrown, and answered 413 by the server
  const parsed = InboundText.safeParse(parseJson(body?.toString('utf8') ?? ''));
  if (!parsed.success) {
    json(response, 400, { error: 'invalid-request', message: 'the body must be an inbound text as AWS End User Messaging publishes it', issues: parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })) });
    return true;
  }
  const outcome = await texts.gateway.receive(parsed.data);
  const reply = texts.outbox.sent.find((sent) => sent.messageId === `reply:${parsed.data.inboundMessageId}`);
  json(response, 200, { outcome, ...(reply ? { reply: reply.body } : {}) });
  return true;
}

const json = (response: ServerResponse, status: number, body: unknown) => {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
};

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
