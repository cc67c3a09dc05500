import { toStdout } from '../adapters/embedded-metric';
import { requiredEnv } from '../adapters/env';
import { CANARY_METRIC } from './canary';
import { canaryReceiver } from './canary-ends';

/** Operations' subscription to the alerts topic, for canaries only (its filter policy). */
export const handler = canaryReceiver({ stackName: requiredEnv(CANARY_METRIC.environment), now: () => new Date(), write: toStdout });
