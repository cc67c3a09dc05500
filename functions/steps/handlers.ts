import middy from '@middy/core';
import { zodInput } from '../middleware/zod-input';
import type { StepName } from './step-names';
import { AwaitInput, createSteps, PlanInput, StepThenPlanInput, WatchLostInput, type StepDeps } from './steps';

/**
 * The workflow's Lambda handlers: middy + zod around the step functions. Lambda and the local runtime
 * run these same handlers. The steps between waits answer with the plan for the next pass (steps.ts).
 */
export function createStepHandlers(deps: StepDeps) {
  const steps = createSteps(deps);
  return {
    plan: middy(steps.plan).use(zodInput(PlanInput)),
    awaitSignal: middy(steps.awaitSignal).use(zodInput(AwaitInput)),
    assessRisk: middy(steps.assessRiskThenPlan).use(zodInput(StepThenPlanInput)),
    onDeadline: middy(steps.onDeadlineThenPlan).use(zodInput(StepThenPlanInput)),
    close: middy(steps.closeThenPlan).use(zodInput(StepThenPlanInput)),
    fileReport: middy(steps.fileReportThenPlan).use(zodInput(StepThenPlanInput)),
    watchLost: middy(steps.watchLost).use(zodInput(WatchLostInput)),
  } satisfies Record<StepName, unknown>;
}
