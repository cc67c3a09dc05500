import { requiredEnv } from '../../adapters/env';
import { awsStepDeps } from '../aws-deps';
import { createStepHandlers } from '../handlers';
import { embeddedMetrics, WATCH_METRIC } from '../watch-metric';

export const handler = createStepHandlers({ ...awsStepDeps(), metrics: embeddedMetrics(requiredEnv(WATCH_METRIC.environment)) }).watchLost;
