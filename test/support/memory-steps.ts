import { MemoryTaskTokenStore } from '../../functions/adapters/task-tokens';
import type { EventStore } from '../../functions/core/event-store';
import { createSteps } from '../../functions/steps/steps';
import { RecordingWorkflow } from './recording-workflow';
import { seedPolicies, T0 } from './scenario';
import type { StepDeps } from '../../functions/steps/steps';

/** The workflow's steps over `store` and in-memory ports, the clock stopped at T0: for tests of one step's decision. */
export function memorySteps(store: EventStore, policies: StepDeps['policies'] = seedPolicies) {
  return createSteps({
    store,
    tokens: new MemoryTaskTokenStore(),
    signals: new RecordingWorkflow(),
    clock: { now: () => new Date(T0) },
    policies,
  });
}
