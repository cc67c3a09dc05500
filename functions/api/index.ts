import { randomUUID } from 'node:crypto';
import { createVisitService } from '../app/visit-service';
import { powertoolsLog } from '../adapters/powertools-log';
import type { ApiDeps, ApiRuntime } from './deps';
import { apiHandler, type ApiHandler } from './handler';
import { ANY_CALLER } from './access';
import { NotFoundError } from './http';
import { createRouter, type RouteSpec, type Router } from './router';
import { actRoute } from './routes/act';
import { boardRoute } from './routes/board';
import { getVisitRoute } from './routes/get-visit';
import { healthRoute } from './routes/health';
import { historyRoute } from './routes/history';
import { myVisitsRoute } from './routes/my-visits';
import { openApiRoute } from './routes/openapi-document';
import { startVisitRoute } from './routes/start-visit';
import { issuePassRoute, passActRoute } from './routes/visit-pass';

export type { ApiDeps } from './deps';
export type { Log } from '../app/log';
export type { ApiHandler } from './handler';
export type { Router } from './router';

export interface ApiHandlers {
  readonly health: ApiHandler;
  readonly openApi: ApiHandler;
  readonly startVisit: ApiHandler;
  readonly act: ApiHandler;
  readonly issuePass: ApiHandler;
  readonly passAct: ApiHandler;
  readonly board: ApiHandler;
  readonly getVisit: ApiHandler;
  readonly myVisits: ApiHandler;
  readonly history: ApiHandler;
  readonly report: ApiHandler;
}

export interface Api {
  /** One handler per route, for one Lambda per route behind API Gateway's own routing. */
  readonly handlers: ApiHandlers;
  /** Method + path → handler: the local HTTP server and a single proxy Lambda. */
  readonly route: Router;
  /** The routes as API Gateway resources, for the stack and for docs. */
  readonly routes: readonly RouteSpec[];
}

const noPdfRenderer = async (): Promise<never> => {
  throw new Error('no PDF renderer: this API was built without renderPdf (on AWS the report Lambda serves GET /visits/{id}/report)');
};

/** Where no report route was given (the API Lambda): on AWS the report Lambda serves it. */
const reportServedElsewhere: NonNullable<ApiDeps['reportRoute']> = (runtime) =>
  apiHandler(runtime.logger, 'GET /visits/{id}/report', ANY_CALLER, async () => {
    throw new NotFoundError('report-served-elsewhere', 'this API was built without the report route: the report Lambda serves it');
  });

const timeScaleOf = (clock: ApiDeps['clock']): number => ('timeScale' in clock && typeof clock.timeScale === 'number' ? clock.timeScale : 1);

/**
 * The HTTP API over injected ports.
 *
 * @example
 * const api = createApi({ store, tokens, signals, starter, alerts, clock, policies, board });
 * export const handler = api.route;
 */
export function createApi(deps: ApiDeps): Api {
  const runtime: ApiRuntime = {
    service: createVisitService(deps),
    store: deps.store,
    board: deps.board,
    passKey: deps.passKey,
    policies: deps.policies,
    clock: deps.clock,
    newCommandId: deps.newCommandId ?? randomUUID,
    logger: deps.logger ?? powertoolsLog('home-visits-api'),
    renderPdf: deps.renderPdf ?? noPdfRenderer,
    timeScale: deps.timeScale ?? timeScaleOf(deps.clock),
  };
  const handlers: ApiHandlers = {
    health: healthRoute(runtime),
    openApi: openApiRoute(runtime),
    startVisit: startVisitRoute(runtime),
    act: actRoute(runtime),
    issuePass: issuePassRoute(runtime),
    passAct: passActRoute(runtime),
    board: boardRoute(runtime),
    getVisit: getVisitRoute(runtime),
    myVisits: myVisitsRoute(runtime),
    history: historyRoute(runtime),
    report: (deps.reportRoute ?? reportServedElsewhere)(runtime),
  };
  const routes: RouteSpec[] = [
    { method: 'GET', resource: '/health', handler: handlers.health },
    { method: 'GET', resource: '/openapi.json', handler: handlers.openApi },
    { method: 'POST', resource: '/visits', handler: handlers.startVisit },
    { method: 'GET', resource: '/visits', handler: handlers.board },
    { method: 'GET', resource: '/visits/{id}', handler: handlers.getVisit },
    { method: 'GET', resource: '/me/visits', handler: handlers.myVisits },
    { method: 'GET', resource: '/visits/{id}/history', handler: handlers.history },
    { method: 'GET', resource: '/visits/{id}/report', handler: handlers.report },
    { method: 'POST', resource: '/visits/{id}/{action}', handler: handlers.act },
    { method: 'POST', resource: '/me/visits/{id}/pass', handler: handlers.issuePass },
    { method: 'POST', resource: '/pass/visits/{id}/{action}', handler: handlers.passAct },
  ];
  return { handlers, route: createRouter(routes), routes };
}
