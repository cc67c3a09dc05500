import middy from '@middy/core';
import { zodInput } from '../middleware/zod-input';
import { AwaitInput, createSteps, PlanInput, StepInput, WatchLostInput, type StepDeps } from './steps';

/** The workflow's Lambda handlers: middy + zod around the step functions. Lambda and the local runtime run these same handlers. */
export function createStepHandlers(deps: StepDeps) {
  const steps = createSteps(deps);
  return {
    plan: middy(steps.plan).use(zodInput(PlanInput)),
    awaitSignal: middy(steps.awaitSignal).use(zodInput(AwaitInput)),
    assessRisk: middy(steps.assessRisk).use(zodInput(StepInput)),
    onDeadline: middy(steps.onDeadline).use(zodInput(StepInput)),
    close: middy(steps.close).use(zodInput(StepInput)),
    fileReport: middy(steps.fileReport).use(zodInput(StepInput)),
    watchLost: middy(steps.watchLost).use(zodInput(WatchLostInput)),
  };
}

export type StepHandlers = ReturnType<typeof createStepHandlers>;
export type StepName = keyof StepHandlers;
