import { Logger } from '@aws-lambda-powertools/logger';
import type { Log } from '../app/log';

/**
 * The Log port on Powertools Logger: JSON lines with the level, the service, a timestamp and, on
 * Lambda, the X-Ray trace id, at the level POWERTOOLS_LOG_LEVEL sets (INFO unless told). One logger
 * per service name, so every handler of a bundle shares it.
 */
export function powertoolsLog(serviceName: string): Log {
  const logger = new Logger({ serviceName });
  return ({ level, message, ...fields }) => logger[level](message, fields);
}
