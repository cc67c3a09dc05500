import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { requiredEnv } from '../adapters/env';
import { DynamoDbEventStore } from '../adapters/dynamodb-event-store';
import { renderReportPdf } from '../adapters/report-pdf';
import { policyRegistryFromEnv } from '../adapters/trust-policies';
import { withSiteOrigin } from './cors';
import { powertoolsLog } from '../adapters/powertools-log';
import { reportRoute } from './routes/report';

/**
 * GET /visits/{id}/report as a Lambda of its own: the only route that draws PDFs, so pdfkit and its
 * fonts load here and not in the API Lambda that check-ins and panic go through. It reads the
 * event table and nothing else, and the trust's policies (bundled, as for the API): staff read the
 * report a twin visit without their duress check-in has, built as the workflow builds it. Every answer names the web app's origin (`SITE_ORIGIN`), so the
 * pages may read it.
 */
const store = new DynamoDbEventStore({ client: new DynamoDBClient({}), tableName: requiredEnv('EVENTS_TABLE') });

export const handler = withSiteOrigin(reportRoute({ store, policies: policyRegistryFromEnv(), logger: powertoolsLog('home-visits-report'), renderPdf: renderReportPdf }), process.env.SITE_ORIGIN);
