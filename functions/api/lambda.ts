import { createApi } from './index';
import { awsApiDeps } from './aws-deps';

/**
 * The API as one proxy Lambda behind API Gateway (`ANY /{proxy+}` or one method per resource, all
 * integrated here): the router dispatches on method and path. For one Lambda per route, export
 * `api.handlers.<route>` from small files like this one instead.
 */
const api = createApi(awsApiDeps());

export const handler = api.route;
