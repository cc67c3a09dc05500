/** What the deployment tells the pages at /config.json (lib/site.ts writes it on AWS; the local runtime serves its own). */
export type SiteConfig =
  | { readonly apiUrl: string; readonly auth: { readonly kind: 'local' } }
  | {
      readonly apiUrl: string;
      readonly auth: { readonly kind: 'cognito'; readonly domain: string; readonly clientId: string; readonly redirectUri: string; readonly logoutUri: string };
    };

let loaded: Promise<SiteConfig> | undefined;

export function siteConfig(): Promise<SiteConfig> {
  loaded ??= fetch('/config.json', { cache: 'no-cache' }).then(async (response) => {
    if (!response.ok) throw new Error(`config.json: HTTP ${response.status}`);
    return (await response.json()) as SiteConfig;
  }).catch((error: unknown) => {
    loaded = undefined; // a page opened offline (from the service worker) asks again once it can
    throw error;
  });
  return loaded;
}
