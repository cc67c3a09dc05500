import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import type { SiteConfig } from '../lib/site-config';
import { LocalAuthError, type LocalAuth } from './auth';
import { readBody } from './http-adapter';

/**
 * The web pages on the API's origin, as CloudFront serves them on AWS: the built files, the
 * security headers of the deployed site, `/config.json` telling the pages they run locally, and
 * the demo sign-in, which exists only here (on AWS people sign in through Cognito).
 */

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
};

/** The deployed site's headers (lib/site.ts), so a page that breaks them breaks here first. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; manifest-src 'self'; worker-src 'self'; media-src 'self' data:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
};

export const LOCAL_SITE_CONFIG = { apiUrl: '', auth: { kind: 'local' } } as const satisfies SiteConfig;

export interface WebOptions {
  readonly dist: string;
  /** Resolves when the build is ready; pages wait for it (the API does not). */
  readonly ready: Promise<void>;
  readonly auth: LocalAuth;
}

const json = (response: ServerResponse, status: number, body: unknown) => {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
};

/** A string field of the request's JSON body; undefined for anything else (no body, not JSON, not a string). */
async function stringField(request: IncomingMessage, name: string): Promise<string | undefined> {
  const body = await readBody(request); // too large: thrown, and answered 413 by the server
  try {
    const value = (JSON.parse(body?.toString('utf8') ?? '{}') as Record<string, unknown>)[name];
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Answers the request if it is the web app's; false: it is the API's. */
export async function serveWeb(request: IncomingMessage, response: ServerResponse, options: WebOptions): Promise<boolean> {
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  if (path === '/config.json' && request.method === 'GET') {
    json(response, 200, LOCAL_SITE_CONFIG);
    return true;
  }
  if (path === '/local/users' && request.method === 'GET') {
    json(response, 200, { users: options.auth.users.map(({ userId, name, groups }) => ({ userId, name, groups })) });
    return true;
  }
  if (path === '/local/sign-in' && request.method === 'POST') {
    const userId = await stringField(request, 'userId');
    const user = options.auth.users.find((candidate) => candidate.userId === userId);
    if (!user) {
      json(response, 400, { error: 'invalid-request', message: 'userId must name a demo user', fields: { userId: ['unknown user'] } });
      return true;
    }
    json(response, 200, {
      token: await options.auth.tokenFor(user.userId),
      refreshToken: await options.auth.refreshTokenFor(user.userId),
      user: { userId: user.userId, name: user.name, groups: user.groups },
    });
    return true;
  }
  // Cognito's token endpoint with grant_type=refresh_token, in the local shape: a new ID token.
  if (path === '/local/refresh' && request.method === 'POST') {
    const refreshToken = await stringField(request, 'refreshToken');
    if (refreshToken === undefined) {
      json(response, 400, { error: 'invalid-request', message: 'refreshToken is required', fields: { refreshToken: ['required'] } });
      return true;
    }
    try {
      json(response, 200, { token: await options.auth.refresh(refreshToken) });
    } catch (error) {
      if (!(error instanceof LocalAuthError)) throw error;
      json(response, 401, { error: 'unauthenticated', message: 'the sign-in has ended: sign in again' });
    }
    return true;
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const file = fileFor(options.dist, path);
  if (!file) return false;
  await options.ready;
  const found = await stat(file).catch(() => undefined);
  if (!found?.isFile()) return false;
  const immutable = path.startsWith('/assets/');
  response.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'content-length': String(found.size),
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    ...SECURITY_HEADERS,
  });
  if (request.method === 'HEAD') response.end();
  else createReadStream(file).pipe(response);
  return true;
}

/** The file a path names inside dist (`/` is index.html), or undefined for API-looking or escaping paths. */
function fileFor(dist: string, path: string): string | undefined {
  const relative = path === '/' ? 'index.html' : decodeURIComponent(path).slice(1);
  if (!extname(relative)) return undefined; // /visits, /health…: the API's
  const file = normalize(join(dist, relative));
  return file.startsWith(dist + sep) ? file : undefined;
}
