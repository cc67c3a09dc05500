import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BINARY_MEDIA_TYPES } from '../../lib/binary-media-types';
import { readBody, toApiEvent, writeResult } from '../../local/http-adapter';

/**
 * The local server's HTTP adapter against API Gateway's binary rules (REST API, Lambda proxy): a
 * base64 answer is sent as bytes only when the request's FIRST Accept type is a binary media type
 * of the API, and as base64 text otherwise; a binary request body reaches the handler base64-encoded.
 */
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from([0x00, 0xff, 0xfe, 0x80]), Buffer.from('\n%%EOF')]);
const answer: APIGatewayProxyResult = { statusCode: 200, headers: { 'content-type': 'application/pdf' }, body: PDF.toString('base64'), isBase64Encoded: true };

let server: Server;
let url: string;
let lastEvent: APIGatewayProxyEvent | undefined;

beforeAll(async () => {
  server = createServer((request, response) => {
    void (async () => {
      lastEvent = toApiEvent(request, await readBody(request));
      writeResult(response, answer, request.headers.accept);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/visits/v-1/report?format=pdf`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const bodyFor = async (accept: string) => Buffer.from(await (await fetch(url, { headers: { accept } })).arrayBuffer());

describe('the local HTTP adapter, as API Gateway with binaryMediaTypes', () => {
  it('lists the media types the REST API lists: application/pdf', () => {
    expect(BINARY_MEDIA_TYPES).toEqual(['application/pdf']);
  });

  it.each(['application/pdf', 'application/pdf;q=0.9, text/html', 'APPLICATION/PDF , application/json'])('decodes a base64 answer to bytes when the first Accept type is a binary one (%s)', async (accept) => {
    expect((await bodyFor(accept)).equals(PDF)).toBe(true);
  });

  it.each(['application/json', 'application/json, application/pdf', 'text/html,application/pdf', '*/*'])('refuses to decode it for any other first Accept type (%s): the client gets the base64 text, as from AWS', async (accept) => {
    const body = await bodyFor(accept);
    expect(body.toString('utf8')).toBe(PDF.toString('base64'));
  });

  it('passes a request body of a binary media type to the handler base64-encoded, and JSON as text', async () => {
    await fetch(url, { method: 'POST', headers: { 'content-type': 'application/pdf' }, body: PDF });
    expect(lastEvent).toMatchObject({ isBase64Encoded: true, body: PDF.toString('base64') });

    await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body: '{"a":"é"}' });
    expect(lastEvent).toMatchObject({ isBase64Encoded: false, body: '{"a":"é"}' });
  });
});
