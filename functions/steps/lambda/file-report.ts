import { awsStepDeps } from '../aws-deps';
import { createStepHandlers } from '../handlers';

export const handler = createStepHandlers(awsStepDeps()).fileReport;
