import type { APIGatewayProxyResult } from 'aws-lambda';

/**
 * Response headers a page on the site's origin may read besides the CORS-safelisted ones: the
 * report's PDF name (`Content-Disposition`), which the audit page saves the file under. A browser
 * hides every other header of a cross-origin response.
 */
export const EXPOSED_HEADERS = ['Content-Disposition'] as const;

/**
 * The web app's origin on every response a Lambda behind API Gateway answers. The pages call the
 * API from the site's CloudFront origin, and a browser lets a page read a cross-origin response
 * only if it names that origin; API Gateway answers the preflight (OPTIONS) and its own refusals
 * itself (lib/api.ts), this covers the rest. `Vary: Origin` keeps a shared cache from handing the
 * answer to another origin. With no origin (no site deployed; the local runtime, which serves the
 * pages and the API on one origin) the handler is returned unchanged.
 *
 * @example
 * export const handler = withSiteOrigin(api.route, process.env.SITE_ORIGIN);
 */
export function withSiteOrigin<Args extends unknown[]>(
  handler: (...args: Args) => Promise<APIGatewayProxyResult>,
  origin: string | undefined,
): (...args: Args) => Promise<APIGatewayProxyResult> {
  if (!origin) return handler;
  return async (...args) => {
    const response = await handler(...args);
    const headers = { ...response.headers };
    const varyKey = Object.keys(headers).find((name) => name.toLowerCase() === 'vary');
    const vary = varyKey === undefined ? 'Origin' : `${String(headers[varyKey])}, Origin`;
    if (varyKey !== undefined) delete headers[varyKey];
    return { ...response, headers: { ...headers, 'access-control-allow-origin': origin, 'access-control-expose-headers': EXPOSED_HEADERS.join(', '), vary } };
  };
}
