import { MemoryAlertPublisher } from '../../functions/adapters/alert-publisher';
import type { VisitDetails } from '../../functions/core/visit-details';
import { startLocal, type LocalRuntime } from '../../local/server';
import { ApiClient, type Reply } from '../../bin/client/api-client';
import { uniqueId } from './ids';
import { T0, visitDetails } from './scenario';

/** `npm start`'s runtime on a free port (in memory, clock from T0, `timeScale` fast) and a client per demo user. */
export interface HttpHarness {
  readonly local: LocalRuntime;
  readonly alerts: MemoryAlertPublisher;
  readonly anonymous: ApiClient;
  as(userId: string): Promise<ApiClient>;
  start(schoolId: string, overrides?: Partial<VisitDetails>, by?: string): Promise<{ visitId: string; reply: Reply }>;
  close(): Promise<void>;
}

export async function startHttpHarness(timeScale: number): Promise<HttpHarness> {
  const alerts = new MemoryAlertPublisher();
  const local = await startLocal({ timeScale, clockStart: new Date(T0), alerts: [alerts], log: () => undefined });
  const anonymous = new ApiClient(local.url);
  const clients = new Map<string, ApiClient>();
  const as = async (userId: string) => {
    if (!clients.has(userId)) clients.set(userId, anonymous.as(await local.auth.tokenFor(userId)));
    return clients.get(userId)!;
  };
  return {
    local,
    alerts,
    anonymous,
    as,
    async start(schoolId, overrides = {}, by = 'staff-alice') {
      const visitId = uniqueId('visit');
      const reply = await (await as(by)).post('/visits', { visitId, details: visitDetails(schoolId, overrides) });
      return { visitId, reply };
    },
    close: () => local.close(),
  };
}
