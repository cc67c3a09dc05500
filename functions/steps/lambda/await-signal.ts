import { SFNClient } from '@aws-sdk/client-sfn';
import { SfnTaskSignals } from '../../adapters/task-signals';
import { awsStepDeps, NO_POLICIES } from '../aws-deps';
import { createStepHandlers } from '../handlers';

export const handler = createStepHandlers(awsStepDeps(new SfnTaskSignals({ client: new SFNClient({}) }), NO_POLICIES)).awaitSignal;
