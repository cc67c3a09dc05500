import type { Log } from '../app/log';
import type { PolicyRegistry } from '../app/policy-registry';
import type { VisitService, VisitServiceDeps } from '../app/visit-service';
import type { Clock } from '../core/clock';
import type { EventStore } from '../core/event-store';
import type { FiledReport } from '../core/report';
import type { VisitBoard } from '../adapters/visit-board';
import type { ApiHandler } from './handler';
import type { VisitPassKey } from './visit-pass';


/**
 * What the API is built from: the visit service's ports (it builds the service from them, so the
 * API reads the same store it writes), the office board's read model, and optionally how command
 * ids are minted and where logs go.
 */
export interface ApiDeps extends VisitServiceDeps {
  readonly board: VisitBoard;
  /** Signs and verifies visit passes (visit-pass.ts): KMS on AWS, an HMAC secret locally. */
  readonly passKey: VisitPassKey;
  /** Command ids for requests without an Idempotency-Key. @default crypto.randomUUID */
  readonly newCommandId?: () => string;
  /** @default Powertools Logger (JSON lines) */
  readonly logger?: Log;
  /**
   * Draws a filed report as a PDF (`adapters/report-pdf`). Injected rather than imported so that
   * pdfkit (about 850 KB bundled) stays out of the API Lambda that check-ins and panic go through:
   * on AWS the report route has a Lambda of its own (`report-lambda.ts`).
   * @default none: `format=pdf` fails as a server error, since a stack that routes it here is miswired
   */
  readonly renderPdf?: ReportPdfRenderer;
  /**
   * GET /visits/{id}/report's handler (`reportRoute` in routes/report.ts). Injected, like renderPdf,
   * so that the API Lambda leaves the report's rendering out (about 10 KB): on AWS the report Lambda
   * serves that route, and API Gateway never sends it here.
   * @default none: the route answers 404 report-served-elsewhere
   */
  readonly reportRoute?: (runtime: Pick<ApiRuntime, 'store' | 'policies' | 'logger' | 'renderPdf'>) => ApiHandler;
  /**
   * How many times faster than real time the clock runs, shown by GET /health.
   * @default the clock's own `timeScale` if it has one (the local runtime's), else 1 (AWS's system clock)
   */
  readonly timeScale?: number;
}

export type ReportPdfRenderer = (report: FiledReport) => Promise<Buffer>;

/** What each route's factory receives: the ports, with the service built and the defaults filled in. */
export interface ApiRuntime {
  readonly service: VisitService;
  readonly store: EventStore;
  readonly board: VisitBoard;
  readonly policies: PolicyRegistry;
  /** Stamps what the API records itself (reads of a visit's history). */
  readonly clock: Clock;
  readonly passKey: VisitPassKey;
  readonly newCommandId: () => string;
  readonly logger: Log;
  readonly renderPdf: ReportPdfRenderer;
  readonly timeScale: number;
}
