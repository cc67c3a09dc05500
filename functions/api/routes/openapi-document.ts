import type { ApiRuntime } from '../deps';
import { apiHandler } from '../handler';
import { json } from '../http';
import { ANY_CALLER } from '../access';
import { openApiDocument } from '../openapi';

/** GET /openapi.json: the contract, generated from the zod schemas (built once). */
export function openApiRoute(runtime: Pick<ApiRuntime, 'logger'>) {
  let document: unknown;
  return apiHandler(runtime.logger, 'GET /openapi.json', ANY_CALLER, async () => json(200, (document ??= openApiDocument())));
}
