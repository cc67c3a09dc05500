import { signalling, type TaskSignals } from '../../functions/adapters/task-signals';
import type { LocalStepFunctions } from './local-sfn';

/** The TaskSignals port over the local engine, with the same error translation as over SFN. */
export class LocalTaskSignals implements TaskSignals {
  constructor(private readonly engine: LocalStepFunctions) {}

  success(token: string, output: unknown): Promise<void> {
    return signalling(() => this.engine.sendTaskSuccess(token, JSON.stringify(output ?? null)));
  }

  failure(token: string, error: string, cause?: string): Promise<void> {
    return signalling(() => this.engine.sendTaskFailure(token, error, cause));
  }

  heartbeat(token: string): Promise<void> {
    return signalling(() => this.engine.sendTaskHeartbeat(token));
  }
}
