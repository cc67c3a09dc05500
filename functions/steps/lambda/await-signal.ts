import { SFNClient } from '@aws-sdk/client-sfn';
import { SfnTaskSignals } from '../../adapters/task-signals';
import { awsStepDeps } from '../aws-deps';
import { createStepHandlers } from '../handlers';

export const handler = createStepHandlers(awsStepDeps(new SfnTaskSignals({ client: new SFNClient({}) }))).awaitSignal;
