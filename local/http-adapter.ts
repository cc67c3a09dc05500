import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { answersInBinary, BINARY_MEDIA_TYPES, firstMediaType, isBinaryMediaType } from '../lib/binary-media-types';

/**
 * node:http ⇄ API Gateway REST proxy events, so the local server runs the same handlers as Lambda.
 * Bodies over 1 MiB are refused here as API Gateway refuses over 10 MB (a local guard, not parity).
 * Binary bodies follow API Gateway's rules for the REST API's binary media types
 * (lib/binary-media-types.ts): a request body of such a Content-Type arrives base64-encoded, and a
 * base64 answer is sent as bytes only when the request's first Accept type is one; otherwise as the
 * base64 text AWS would send.
 */

const MAX_BODY_BYTES = 1024 * 1024;

export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
}

export async function readBody(request: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLargeError('request body over 1 MiB');
    chunks.push(chunk as Buffer);
  }
  return chunks.length ? Buffer.concat(chunks) : null;
}

export function toApiEvent(request: IncomingMessage, body: Buffer | null, binaryTypes: readonly string[] = BINARY_MEDIA_TYPES): APIGatewayProxyEvent {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) if (typeof value === 'string') headers[name] = value;
  const query: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
  for (const [name, value] of url.searchParams) {
    query[name] = value;
    (multi[name] ??= []).push(value);
  }
  const requestId = randomUUID();
  const binary = body !== null && isBinaryMediaType(firstMediaType(headers['content-type']), binaryTypes);
  return {
    resource: url.pathname,
    path: url.pathname,
    httpMethod: request.method ?? 'GET',
    headers,
    multiValueHeaders: {},
    queryStringParameters: Object.keys(query).length ? query : null,
    multiValueQueryStringParameters: Object.keys(multi).length ? multi : null,
    pathParameters: null,
    stageVariables: null,
    body: body === null ? null : body.toString(binary ? 'base64' : 'utf8'),
    isBase64Encoded: binary,
    requestContext: {
      accountId: 'local', apiId: 'local', protocol: 'HTTP/1.1', httpMethod: request.method ?? 'GET', path: url.pathname,
      stage: 'local', requestId, requestTimeEpoch: Date.now(), resourceId: 'local', resourcePath: url.pathname,
      authorizer: null,
      identity: {
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1', userAgent: headers['user-agent'] ?? null,
        accessKey: null, accountId: null, apiKey: null, apiKeyId: null, caller: null, clientCert: null,
        cognitoAuthenticationProvider: null, cognitoAuthenticationType: null, cognitoIdentityId: null,
        cognitoIdentityPoolId: null, principalOrgId: null, user: null, userArn: null,
      },
    },
  };
}

/**
 * Writes the handler's result as API Gateway would to a request with this `accept` header: a base64
 * body is decoded to bytes only when the first Accept type is a binary media type of the API.
 */
export function writeResult(response: ServerResponse, result: APIGatewayProxyResult, accept: string | undefined, binaryTypes: readonly string[] = BINARY_MEDIA_TYPES): void {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = String(value);
  response.writeHead(result.statusCode, headers);
  response.end(result.isBase64Encoded && answersInBinary(accept, binaryTypes) ? Buffer.from(result.body, 'base64') : result.body);
}
