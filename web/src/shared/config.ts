import type { SiteConfig } from '../../../lib/site-config';

/** What the deployment tells the pages at /config.json: lib/site.ts writes it on AWS; local/web.ts serves the local runtime's. */
export type { SiteConfig };

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
