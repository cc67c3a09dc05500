import type { ApiRuntime } from '../deps';
import { apiHandler } from '../handler';
import { json, NotFoundError } from '../http';
import { ANY_CALLER } from '../access';

/** GET /openapi.json: the contract, generated from the zod schemas (built once; on AWS at synth). */
export function openApiRoute(runtime: Pick<ApiRuntime, 'logger' | 'openApiDocument'>) {
  let document: unknown;
  return apiHandler(runtime.logger, 'GET /openapi.json', ANY_CALLER, async () => {
    if (!runtime.openApiDocument) throw new NotFoundError('no-openapi-document', 'this API was built without its OpenAPI document');
    return json(200, (document ??= runtime.openApiDocument()));
  });
}
