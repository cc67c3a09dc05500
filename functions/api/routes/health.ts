import type { ApiRuntime } from '../deps';
import { apiHandler } from '../handler';
import { json } from '../http';
import { PUBLIC } from '../access';

/** GET /health: no auth, no I/O. */
export const healthRoute = (runtime: Pick<ApiRuntime, 'logger'>) =>
  apiHandler(runtime.logger, 'GET /health', PUBLIC, async () => json(200, { status: 'ok' }));
