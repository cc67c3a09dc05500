import type { APIGatewayProxyEvent } from 'aws-lambda';
import { HumanRole, type Actor } from '../core/actor';
import { ForbiddenError, UnauthenticatedError } from './http';

/**
 * Who is calling, from the claims API Gateway's Cognito authorizer puts on the request (the local
 * runtime's verifier puts the same shape there). API Gateway renders `cognito:groups` as a string:
 * "staff", "[staff office]" or "staff,office"; arrays are accepted too.
 */

/** When someone belongs to several recognised groups and does not say which role they act in. */
const PRECEDENCE: readonly HumanRole[] = ['admin', 'headteacher', 'dsl', 'slt', 'office', 'staff', 'auditor'];

/** Header by which a member of several groups picks the role they act in (e.g. a DSL who is also out on a visit as staff). */
export const ACTING_ROLE_HEADER = 'x-acting-role';

export function parseGroups(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string').map((item) => item.trim());
  if (typeof value !== 'string') return [];
  const inner = value.trim().replace(/^\[(.*)\]$/s, '$1');
  return inner
    .split(/[\s,]+/)
    .map((group) => group.trim())
    .filter((group) => group.length > 0);
}

export function recognisedRoles(groups: readonly string[]): HumanRole[] {
  return PRECEDENCE.filter((role) => groups.includes(role));
}

export function headerValue(event: Pick<APIGatewayProxyEvent, 'headers'>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === wanted && value !== undefined) return value;
  }
  return undefined;
}

/** The caller as an Actor; 401 without an identity, 403 when none of their groups is a role here. */
export function actorFrom(event: Pick<APIGatewayProxyEvent, 'requestContext' | 'headers'>): Actor {
  const authorizer: unknown = event.requestContext?.authorizer;
  const claims = isRecord(authorizer) && isRecord(authorizer.claims) ? authorizer.claims : undefined;
  const sub = claims?.sub;
  if (!claims || typeof sub !== 'string' || sub.length === 0 || sub.length > 128) throw new UnauthenticatedError();

  const roles = recognisedRoles(parseGroups(claims['cognito:groups']));
  if (roles.length === 0) throw new ForbiddenError('no-recognised-role', 'the caller belongs to no group this API knows');
  const named = nameOf(claims.name);
  const asked = headerValue(event, ACTING_ROLE_HEADER)?.trim();
  if (asked === undefined || asked === '') return { userId: sub, role: roles[0]!, ...named };
  const role = roles.find((candidate) => candidate === asked);
  if (!role) throw new ForbiddenError('acting-role-not-held', 'the caller does not belong to the group named in X-Acting-Role');
  return { userId: sub, role, ...named };
}

/**
 * The person's name from the token's `name` claim (Cognito's standard attribute), so the record names
 * them and not their user id. Optional: a user with no name set is recorded by id, as before; a name
 * too long for the record is cut, never a reason to refuse the caller.
 */
export function nameOf(value: unknown): { name?: string } {
  if (typeof value !== 'string') return {};
  const name = value.replace(/\s+/g, ' ').trim().slice(0, 200).trim();
  return name.length > 0 ? { name } : {};
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
