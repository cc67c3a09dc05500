/**
 * Who is signed in on this device: the ID token the API takes as its bearer, who it names, and the
 * refresh token that gets a new ID token before it lapses (Cognito's last an hour; a working day and
 * a visit are longer). Kept in localStorage so a staff member's phone stays signed in through a dead
 * zone and a restart (the offline queue sends later, as the same person); the pages' CSP allows no
 * third-party script.
 */

export type Role = 'staff' | 'office' | 'dsl' | 'slt' | 'headteacher' | 'auditor' | 'admin';

export interface SessionUser {
  readonly userId: string;
  readonly name: string;
  readonly groups: readonly Role[];
}

export interface Session {
  readonly token: string;
  readonly user: SessionUser;
  /** Epoch ms when the token stops being accepted. */
  readonly expiresAt: number;
  /** Gets the next ID token (sign-in.ts `refreshSession`); none where the sign-in gave none. */
  readonly refreshToken?: string;
}

const KEY = 'home-visits.session';

/** The claims of a JWT, unverified: the server verifies, the page only reads who it is for. */
export function claimsOf(token: string): Record<string, unknown> {
  const payload = token.split('.')[1] ?? '';
  const text = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(text, (c) => c.charCodeAt(0)))) as Record<string, unknown>;
}

export function sessionFromToken(token: string, refreshToken?: string): Session {
  const claims = claimsOf(token);
  const groups = claims['cognito:groups'];
  return {
    token,
    user: {
      userId: String(claims.sub),
      name: typeof claims.name === 'string' ? claims.name : String(claims['cognito:username'] ?? claims.sub),
      groups: (Array.isArray(groups) ? groups : typeof groups === 'string' ? groups.split(',') : []) as Role[],
    },
    expiresAt: Number(claims.exp) * 1000,
    ...(refreshToken ? { refreshToken } : {}),
  };
}

/**
 * The session kept on this device, lapsed or not: who pressed what, for the offline queue and the
 * visit pass, when the token can no longer be sent. Anything in storage that is not a session (an
 * older shape, a damaged value) is cleared rather than left to blank every page.
 */
export function storedSession(): Session | undefined {
  const stored = localStorage.getItem(KEY);
  if (!stored) return undefined;
  try {
    const session = JSON.parse(stored) as Partial<Session> | null;
    const user = session?.user;
    if (session && typeof session.token === 'string' && typeof session.expiresAt === 'number' && user && typeof user.userId === 'string' && typeof user.name === 'string' && Array.isArray(user.groups)) {
      return session as Session;
    }
  } catch {
    // not JSON: cleared below
  }
  localStorage.removeItem(KEY);
  return undefined;
}

/** The session whose token the API still accepts now. */
export function currentSession(now = Date.now()): Session | undefined {
  const session = storedSession();
  return session && session.expiresAt > now ? session : undefined;
}

export function saveSession(session: Session): void {
  localStorage.setItem(KEY, JSON.stringify(session));
}

export function clearSession(): void {
  localStorage.removeItem(KEY);
}

/** The pages a role works in, first the one it lands on. */
export function pagesFor(groups: readonly Role[]): Array<{ href: string; title: string }> {
  const pages: Array<{ href: string; title: string; roles: readonly Role[] }> = [
    { href: '/staff.html', title: 'My visits', roles: ['staff', 'dsl', 'slt', 'headteacher', 'office', 'admin'] },
    { href: '/board.html', title: 'Office board', roles: ['office', 'dsl', 'slt', 'headteacher', 'admin'] },
    { href: '/desk.html', title: 'Authorisations', roles: ['dsl', 'slt', 'headteacher', 'admin'] },
    { href: '/audit.html', title: 'Audit a visit', roles: ['auditor', 'dsl', 'headteacher', 'admin'] },
  ];
  const landing: Partial<Record<Role, string>> = { office: '/board.html', dsl: '/desk.html', slt: '/desk.html', headteacher: '/desk.html', auditor: '/audit.html', admin: '/board.html' };
  const mine = pages.filter((page) => page.roles.some((role) => groups.includes(role)));
  const first = groups.map((role) => landing[role]).find(Boolean);
  return mine.sort((a, b) => Number(b.href === first) - Number(a.href === first)).map(({ href, title }) => ({ href, title }));
}
