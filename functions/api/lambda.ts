import { createApi } from './index';
import { awsApiDeps } from './aws-deps';
import { withSiteOrigin } from './cors';

/**
 * The API as one proxy Lambda behind API Gateway (one method per resource, all integrated here but
 * the report, which `report-lambda.ts` serves): the router dispatches on method and path. It is
 * built without a PDF renderer, so pdfkit is not in this bundle. Every answer names the web app's
 * origin (`SITE_ORIGIN`), so the pages may read it.
 */
const api = createApi(awsApiDeps());

export const handler = withSiteOrigin(api.route, process.env.SITE_ORIGIN);
