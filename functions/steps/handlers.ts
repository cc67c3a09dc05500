import middy from '@middy/core';
import { powertoolsLog } from '../adapters/powertools-log';
import type { Log } from '../app/log';
import { zodInput } from '../middleware/zod-input';
import type { StepName } from './step-names';
import { AwaitInput, createSteps, PlanInput, StepThenPlanInput, WatchLostInput, type StepDeps } from './steps';

/**
 * The workflow's Lambda handlers: middy + zod around the step functions. Lambda and the local runtime
 * run these same handlers. The steps between waits answer with the plan for the next pass (steps.ts).
 */
export function createStepHandlers(deps: StepDeps) {
  const steps = createSteps(deps);
  const log = deps.log ?? powertoolsLog('home-visits-steps');
  return {
    plan: middy(steps.plan).use(logFailure(log, 'plan')).use(zodInput(PlanInput)),
    awaitSignal: middy(steps.awaitSignal).use(logFailure(log, 'awaitSignal')).use(zodInput(AwaitInput)),
    assessRisk: middy(steps.assessRiskThenPlan).use(logFailure(log, 'assessRisk')).use(zodInput(StepThenPlanInput)),
    onDeadline: middy(steps.onDeadlineThenPlan).use(logFailure(log, 'onDeadline')).use(zodInput(StepThenPlanInput)),
    close: middy(steps.closeThenPlan).use(logFailure(log, 'close')).use(zodInput(StepThenPlanInput)),
    fileReport: middy(steps.fileReportThenPlan).use(logFailure(log, 'fileReport')).use(zodInput(StepThenPlanInput)),
    watchLost: middy(steps.watchLost).use(logFailure(log, 'watchLost')).use(zodInput(WatchLostInput)),
  } satisfies Record<StepName, unknown>;
}

/**
 * A step that throws is retried by the state machine (workflows/faults.ts), which records only the
 * error's name: the log line says which visit and why, by names and ids, never the input.
 */
function logFailure(log: Log, step: string): middy.MiddlewareObj<unknown, unknown> {
  return {
    onError: (request) => {
      const visitId = (request.event as { visitId?: unknown } | null)?.visitId;
      log({ level: 'error', message: 'step failed', step, error: request.error?.name ?? 'Error', ...(typeof visitId === 'string' ? { visitId } : {}) });
    },
  };
}
