/**
 * What the web pages read at `/config.json`: where the API is, and how people sign in. The trust
 * stack writes it beside the built site (lib/site.ts, `StaticSite.publish`); the local runtime
 * serves `{ "apiUrl": "", "auth": { "kind": "local" } }`. No imports, so the web code can import
 * the type without compiling the CDK.
 */
export interface SiteConfig {
  /** The REST API's stage URL without a trailing slash (`https://<id>.execute-api.<region>.amazonaws.com/prod`); `''` on the page's own origin (local). */
  readonly apiUrl: string;
  readonly auth: LocalSignIn | CognitoSignIn;
}

/** The local runtime's demo sign-in: no Cognito. */
export interface LocalSignIn {
  readonly kind: 'local';
}

/** Cognito's hosted sign-in: the authorization-code grant with PKCE, from the browser (a public client, no secret). */
export interface CognitoSignIn {
  readonly kind: 'cognito';
  /** The hosted sign-in's base URL, `https://<prefix>.auth.<region>.amazoncognito.com` (no trailing slash). */
  readonly domain: string;
  /** The user pool app client the pages sign in with. */
  readonly clientId: string;
  /** Where Cognito sends people back with a code: `https://<site>/signed-in.html`. */
  readonly redirectUri: string;
  /** Where Cognito sends people after signing out: `https://<site>/`. */
  readonly logoutUri: string;
}
