import type { ApiRuntime } from '../deps';
import { apiHandler } from '../handler';
import { json } from '../http';
import { PUBLIC } from '../access';

/** GET /health: no auth, no I/O. Tells the server's clock and how fast it runs, so a client can line its times up. */
export const healthRoute = (runtime: Pick<ApiRuntime, 'logger' | 'clock' | 'timeScale'>) =>
  apiHandler(runtime.logger, 'GET /health', PUBLIC, async () => json(200, { status: 'ok', now: runtime.clock.now().toISOString(), timeScale: runtime.timeScale }));
