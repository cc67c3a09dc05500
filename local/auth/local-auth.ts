import type { APIGatewayProxyEvent } from 'aws-lambda';
import { errors, jwtVerify, SignJWT } from 'jose';
import { importStoredKey, loadOrCreateKey, SIGNING_ALG, type SigningKey, type StoredKey } from './keys';
import { DEMO_USERS, findUser, type DemoUser } from './users';

/**
 * Bearer tokens for the embedded runtime, standing in for Cognito + API Gateway's authorizer: sign
 * a JWT for a demo user, verify one, and put its claims where API Gateway would
 * (`requestContext.authorizer.claims`, every value a string), so the API handlers are identical.
 */

/** The claims as API Gateway's Cognito authorizer passes them to a REST (v1) proxy integration. */
export type ApiGatewayClaims = Readonly<Record<string, string>> & { readonly sub: string; readonly 'cognito:groups': string };

export interface LocalAuthOptions {
  /** Where the key lives when none is passed (`<dataDir>/auth/signing-key.json`). @default '.data' */
  readonly dataDir?: string;
  /** A key to use instead of the one on disk (tests: `await generateStoredKey()`). */
  readonly key?: StoredKey;
  /** @default the users in demo-users.json */
  readonly users?: readonly DemoUser[];
  /** How long an ID token is accepted: Cognito's is an hour; tests use seconds. @default 12 hours */
  readonly ttlSeconds?: number;
  /** How long a refresh token gets new ID tokens (Cognito's app client: 30 days). @default 30 days */
  readonly refreshTtlSeconds?: number;
  /** The time tokens are issued and checked at. @default the system clock */
  readonly now?: () => Date;
}

export const LOCAL_ISSUER = 'home-visits-local';
export const LOCAL_AUDIENCE = 'home-visits';
/** A refresh token's audience: never the API's, so a refresh token is never taken as a bearer. */
const REFRESH_AUDIENCE = 'home-visits-refresh';

export class LocalAuthError extends Error {
  override readonly name = 'LocalAuthError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export interface LocalAuth {
  readonly users: readonly DemoUser[];
  /** A signed token for a demo user, by id or by group (`dsl` → the first DSL). */
  tokenFor(userIdOrRole: string, options?: { ttlSeconds?: number }): Promise<string>;
  /** A refresh token for a demo user: what a page keeps to get new ID tokens through a working day, as Cognito's. */
  refreshTokenFor(userId: string): Promise<string>;
  /** A new ID token for the refresh token's user; throws LocalAuthError when it does not verify or has expired. */
  refresh(refreshToken: string): Promise<string>;
  /** The token's claims in API Gateway's shape; throws LocalAuthError when it does not verify. */
  verify(token: string): Promise<ApiGatewayClaims>;
  /** Claims from an `Authorization: Bearer …` header; undefined when absent or invalid (the API answers 401). */
  claimsFromHeader(authorization: string | undefined): Promise<ApiGatewayClaims | undefined>;
  /** The event as API Gateway would pass it on: `requestContext.authorizer.claims` set from its bearer token, or no authorizer. */
  authorize(event: APIGatewayProxyEvent): Promise<APIGatewayProxyEvent>;
}

/**
 * @example
 * const auth = await createLocalAuth({ dataDir: '.data' });
 * const token = await auth.tokenFor('dsl');
 * const event = await auth.authorize(requestEvent); // then api.route(event)
 */
export async function createLocalAuth(options: LocalAuthOptions = {}): Promise<LocalAuth> {
  const key: SigningKey = options.key ? await importStoredKey(options.key) : await loadOrCreateKey(options.dataDir ?? '.data');
  const users = options.users ?? DEMO_USERS;
  const ttl = options.ttlSeconds ?? 12 * 60 * 60;
  const refreshTtl = options.refreshTtlSeconds ?? 30 * 24 * 60 * 60;
  const now = options.now ?? (() => new Date());

  async function tokenFor(userIdOrRole: string, tokenOptions: { ttlSeconds?: number } = {}): Promise<string> {
    const user = findUser(users, userIdOrRole);
    if (!user) throw new LocalAuthError(`no demo user ${userIdOrRole}: try one of ${users.map((u) => u.userId).join(', ')}`);
    const issuedAt = Math.floor(now().getTime() / 1000);
    return new SignJWT({ 'cognito:groups': user.groups, 'cognito:username': user.userId, name: user.name, token_use: 'id' })
      .setProtectedHeader({ alg: SIGNING_ALG, kid: key.kid, typ: 'JWT' })
      .setSubject(user.userId)
      .setIssuer(LOCAL_ISSUER)
      .setAudience(LOCAL_AUDIENCE)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + (tokenOptions.ttlSeconds ?? ttl))
      .sign(key.privateKey);
  }

  async function refreshTokenFor(userId: string): Promise<string> {
    const user = users.find((candidate) => candidate.userId === userId);
    if (!user) throw new LocalAuthError(`no demo user ${userId}`);
    const issuedAt = Math.floor(now().getTime() / 1000);
    return new SignJWT({ token_use: 'refresh' })
      .setProtectedHeader({ alg: SIGNING_ALG, kid: key.kid, typ: 'JWT' })
      .setSubject(user.userId)
      .setIssuer(LOCAL_ISSUER)
      .setAudience(REFRESH_AUDIENCE)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + refreshTtl)
      .sign(key.privateKey);
  }

  async function refresh(refreshToken: string): Promise<string> {
    let subject: string | undefined;
    try {
      const { payload } = await jwtVerify(refreshToken, key.publicKey, { algorithms: [SIGNING_ALG], issuer: LOCAL_ISSUER, audience: REFRESH_AUDIENCE, currentDate: now(), requiredClaims: ['sub', 'exp'] });
      subject = payload.sub;
    } catch (error) {
      if (error instanceof errors.JOSEError) throw new LocalAuthError(`refresh token rejected: ${error.code}`, { cause: error });
      throw error;
    }
    // A user removed since is refused, as Cognito refuses a deleted user's refresh token.
    if (!subject || !users.some((user) => user.userId === subject)) throw new LocalAuthError('refresh token names no user');
    return tokenFor(subject);
  }

  async function verify(token: string): Promise<ApiGatewayClaims> {
    try {
      const { payload } = await jwtVerify(token, key.publicKey, {
        algorithms: [SIGNING_ALG],
        issuer: LOCAL_ISSUER,
        audience: LOCAL_AUDIENCE,
        currentDate: now(),
        requiredClaims: ['sub', 'exp'],
      });
      return asApiGatewayClaims(payload);
    } catch (error) {
      if (error instanceof errors.JOSEError) throw new LocalAuthError(`token rejected: ${error.code}`, { cause: error });
      throw error;
    }
  }

  async function claimsFromHeader(authorization: string | undefined): Promise<ApiGatewayClaims | undefined> {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
    if (!token) return undefined;
    try {
      return await verify(token);
    } catch (error) {
      if (error instanceof LocalAuthError) return undefined;
      throw error;
    }
  }

  async function authorize(event: APIGatewayProxyEvent): Promise<APIGatewayProxyEvent> {
    const header = Object.entries(event.headers ?? {}).find(([name]) => name.toLowerCase() === 'authorization')?.[1];
    const claims = await claimsFromHeader(header);
    // Whatever authorizer the incoming event claimed is replaced: only a verified token gives an identity.
    return { ...event, requestContext: { ...event.requestContext, authorizer: claims ? { claims } : null } };
  }

  return { users, tokenFor, refreshTokenFor, refresh, verify, claimsFromHeader, authorize };
}

/** API Gateway flattens claims to strings; groups become "a,b". */
function asApiGatewayClaims(payload: Record<string, unknown>): ApiGatewayClaims {
  const claims: Record<string, string> = {};
  for (const [name, value] of Object.entries(payload)) {
    if (value === undefined || value === null) continue;
    claims[name] = Array.isArray(value) ? value.map(String).join(',') : typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
  if (!claims.sub) throw new LocalAuthError('token has no subject');
  return { ...claims, sub: claims.sub, 'cognito:groups': claims['cognito:groups'] ?? '' };
}
