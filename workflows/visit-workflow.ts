import { Aws } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { RECORD_UNREADABLE } from '../functions/core/record-damage';
import { isStage, ROUTES, STAGE_NAMES, STATUS_TABLE, type StageName, type StepRoute, type VisitRoute, type WorkflowRoute } from '../functions/core/stages';
import type { StepName } from '../functions/steps/step-names';
import { WATCH_LOST_PASSES } from '../functions/steps/steps';
import { CONTINUE_RETRY, FAULT_PATH, TRANSIENT_RETRY, WATCH_AGAIN_AFTER } from './faults';
import { DEADLINE_ERRORS, guardedWait } from './guarded-wait';

/** Each step's Lambda function, by its name (functions/steps/step-names.ts). */
export type VisitStepFunctions = Readonly<Record<StepName, lambda.IFunction>>;

export interface VisitWorkflowProps {
  readonly steps: VisitStepFunctions;
  /**
   * The state machine's name, unique in the account and region. A long visit continues as a new
   * execution of this machine, and its role may start executions of this name only (the machine
   * cannot name its own ARN in its role's policy: that would be a circular reference).
   */
  readonly stateMachineName: string;
  /** Extra state machine settings (logs, tracing) from the deploying stack. */
  readonly stateMachine?: Omit<sfn.StateMachineProps, 'definitionBody' | 'stateMachineType' | 'stateMachineName'>;
}

/** The state that waits in each stage of the core's table, and what it waits for. */
export const WAITS: Record<StageName, { readonly state: string; readonly comment: string }> = {
  'awaiting-authorisation': { state: 'WaitForAuthorisation', comment: 'The safeguarding lead or SLT authorises or declines.' },
  'awaiting-departure': { state: 'WaitForDeparture', comment: 'Staff leave school: the check-in before the visit.' },
  travelling: { state: 'Travelling', comment: 'On the way: arrival, check-ins, or the check-in deadline.' },
  'at-the-door': { state: 'WaitForTheFamily', comment: "At the door: entry, or the policy's wait for the parent." },
  'in-home': { state: 'InHome', comment: 'In the home: check-ins every interval until staff leave.' },
  'returning-safely': { state: 'ReturningSafely', comment: 'Left the home: safe return is due.' },
  'awaiting-acknowledgement': { state: 'WaitForAcknowledgement', comment: 'An alert is still open: a person must acknowledge it before the visit closes.' },
  'awaiting-follow-up': { state: 'WaitForFollowUp', comment: 'Filed: a follow-up rule falls due unless a person settles it first.' },
};

/**
 * Stages that end in a step of the workflow's own, and that step: the action that ends the stage (an
 * authorisation, a safe return) makes it due, so the wake goes to it rather than through Plan and
 * Route first. Any other wake of the stage finds the step not due: decide refuses it, nothing is
 * written, and the step plans the next pass from what it read, as Plan would have.
 */
export const WAKES_INTO: Partial<Record<StageName, StepRoute>> = { 'awaiting-authorisation': 'assess-risk', 'returning-safely': 'close' };

/**
 * One execution at a time per visit (the first named by the visit id: see executionNameOf in
 * functions/steps/steps.ts for the rest). The event store holds the facts; this
 * machine owns time. Every pass goes through Plan, which folds the visit's events and routes to the
 * stage it is in, with the wait its policy allows:
 *
 *   authorise → risk-assess → travel → wait for the family → in-home → return safely → close → report
 *
 * Each waiting stage is a guarded wait; a person's action wakes it and returns to Plan, or, for a
 * stage that ends in a step, to that step (WAKES_INTO); a passed deadline goes to OnDeadline (cancel
 * on no-show, or raise and escalate an alert). Every step between waits (AssessRisk, OnDeadline,
 * Close, FileReport) plans the next pass itself from the state it leaves, so the workflow routes on
 * without a second pass through Plan.
 *
 * Every state entered is a billed transition, so no state only reshapes data, and an execution's
 * first pass goes straight to the stage a visit just requested waits in, without the Route choice;
 * its plan rides along, and a wait whose plan routes elsewhere stores no token and wakes at once, so
 * the workflow plans and routes again (functions/steps/steps.ts, awaitSignal).
 *
 * A visit never goes silent: every Task retries transient faults (faults.ts), and whatever is left
 * goes to WatchLost, which records that the visit is not being watched (the office is told,
 * operations are alarmed), pauses, and tries again from Plan, rather than failing the execution.
 *
 * A visit never outgrows its execution either: after CONTINUE_AFTER_PASSES passes Plan routes to
 * `continue`, which starts a new execution of this machine for the same visit and ends this one.
 * The new one re-folds the visit from its events, so its stage, deadlines and alerts carry on.
 */
export class VisitWorkflow extends Construct {
  readonly stateMachine: sfn.StateMachine;

  constructor(scope: Construct, id: string, props: VisitWorkflowProps) {
    super(scope, id);
    const { steps } = props;

    const invoke = (name: string, fn: lambda.IFunction, comment: string, payload: Record<string, unknown>, resultPath: string) => {
      const task = new tasks.LambdaInvoke(this, name, {
        comment,
        lambdaFunction: fn,
        payloadResponseOnly: true,
        payload: sfn.TaskInput.fromObject(payload),
        resultPath,
        // One retrier for everything transient, Lambda's service errors included (with jitter).
        retryOnServiceExceptions: false,
      });
      task.addRetry(TRANSIENT_RETRY);
      return task;
    };
    const visitPayload = {
      visitId: sfn.JsonPath.stringAt('$.visitId'),
      policy: sfn.JsonPath.objectAt('$.policy'),
      version: sfn.JsonPath.numberAt('$.plan.version'),
    };
    // What planning reads besides the visit: the passes so far, which execution of the visit this is
    // (the input of a continuation names its generation), and how old it is (a standard execution ends
    // after a year, so a long wait, a follow-up up to 365 days out, hands over first).
    // And the routes this definition's Route choice knows, so today's Plan never gives it one it
    // lacks (it hands the visit to an execution of today's definition instead).
    const planning = (iteration: number | string) => ({
      iteration,
      routes: [...ROUTES],
      execution: sfn.JsonPath.objectAt('$$.Execution.Input'),
      startedAt: sfn.JsonPath.stringAt('$$.Execution.StartTime'),
    });
    // A step between waits takes its step, then plans the next pass from the state it leaves.
    const step = (name: string, fn: lambda.IFunction, comment: string) =>
      invoke(name, fn, comment, { ...visitPayload, ...planning(sfn.JsonPath.numberAt('$.plan.iteration')) }, '$.plan');

    // The execution input is { visitId, policy }: which policy (school and version) the visit was
    // requested under, which each step looks up in its bundle; a continuation adds its generation.
    // Its first pass plans from nothing.
    const begin = invoke(
      'Begin',
      steps.plan,
      "The execution's first pass: fold the visit from its events; go to the stage a visit just requested waits in, which wakes at once if the plan routes elsewhere.",
      { visitId: sfn.JsonPath.stringAt('$.visitId'), policy: sfn.JsonPath.objectAt('$.policy'), ...planning(0) },
      '$.plan',
    );
    const plan = invoke(
      'Plan',
      steps.plan,
      'Fold the visit from its events; route to its stage with the wait its policy allows.',
      { visitId: sfn.JsonPath.stringAt('$.visitId'), policy: sfn.JsonPath.objectAt('$.policy'), ...planning(sfn.JsonPath.numberAt('$.plan.iteration')) },
      '$.plan',
    );

    // Where every Task goes once its retries are spent: record it (the lost watch counts toward the
    // hand-over, as WATCH_LOST_PASSES passes), pause, then hand over if the passes are spent, or
    // watch again from Plan. A fault that never clears thus moves to a new execution before this
    // one's history fills, as a visit that waits long does.
    const watchAgain = new sfn.Wait(this, 'PauseBeforeWatchingAgain', {
      comment: 'Give the fault time to clear, then plan the visit afresh (a deadline that passed meanwhile fires at once).',
      time: sfn.WaitTime.duration(WATCH_AGAIN_AFTER),
    });
    const watchLost = invoke(
      'WatchLost',
      steps.watchLost,
      'Retries spent: record that nothing is watching the visit (the office hears of it, operations are alarmed), and count the pass.',
      { ...visitPayload, ...planning(sfn.JsonPath.numberAt('$.plan.iteration')), error: sfn.JsonPath.stringAt(`${FAULT_PATH}.Error`) },
      '$.plan',
    );
    // WatchLost itself failed (the store is down too): the pass still counts, without the step.
    watchLost.addCatch(
      new sfn.Pass(this, 'CountTheLostWatch', {
        comment: 'WatchLost could not run: count the pass here, so the hand-over still comes.',
        parameters: {
          'version.$': '$.plan.version',
          'iteration.$': `States.MathAdd($.plan.iteration, ${WATCH_LOST_PASSES})`,
        },
        resultPath: '$.plan',
      }).next(watchAgain),
      { errors: [sfn.Errors.ALL], resultPath: FAULT_PATH },
    );
    watchLost.next(watchAgain);
    const handOverOrPlan = new sfn.Choice(this, 'HandOverOrWatchAgain', {
      comment: 'The lost watches spent this execution’s passes: hand the visit over; else plan afresh.',
    });
    watchAgain.next(handOverOrPlan);
    handOverOrPlan.otherwise(plan);
    // A record that no longer parses will not parse on the next pass either: retrying it through
    // WatchLost would loop once a minute until the history cap. The execution fails loudly instead
    // (ExecutionsFailed); the visit is set aside until someone repairs it (its history names the version).
    const recordDamaged = new sfn.Fail(this, 'RecordDamaged', {
      error: RECORD_UNREADABLE,
      cause: "The visit's stored record no longer parses: it is set aside until repaired (its history names the version).",
    });
    const orWatchLost = <T extends { addCatch(handler: sfn.IChainable, props?: sfn.CatchProps): unknown }>(task: T): T => {
      task.addCatch(recordDamaged, { errors: [RECORD_UNREADABLE], resultPath: FAULT_PATH });
      task.addCatch(watchLost, { errors: [sfn.Errors.ALL], resultPath: FAULT_PATH });
      return task;
    };

    orWatchLost(plan);
    // The first pass has no plan before it for WatchLost to name: a failed first pass is recorded as
    // a lost watch at version 0, and the pause after it plans from the first pass again.
    begin.addCatch(recordDamaged, { errors: [RECORD_UNREADABLE], resultPath: FAULT_PATH });
    begin.addCatch(
      new sfn.Pass(this, 'NothingPlannedYet', {
        comment: 'The first pass failed before it planned: WatchLost records it against the start of the visit.',
        result: sfn.Result.fromObject({ iteration: 0, version: 0 }),
        resultPath: '$.plan',
      }).next(watchLost),
      { errors: [sfn.Errors.TASKS_FAILED], resultPath: FAULT_PATH },
    );
    // What TaskFailed leaves is States.Timeout, which a task without a timeout never raises: the
    // catch-all every Task ends in, kept for the rule's sake.
    begin.addCatch(watchLost, { errors: [sfn.Errors.ALL], resultPath: FAULT_PATH });

    const route = new sfn.Choice(this, 'Route');
    plan.next(route);
    const onDeadline = orWatchLost(step('OnDeadline', steps.onDeadline, 'A deadline passed: cancel a no-show, or raise or escalate the overdue alert; then plan the next pass.'));
    const assessRisk = orWatchLost(step('AssessRisk', steps.assessRisk, 'Risk assessment from the request: proceed, pairs only, invite to school, or do not visit; then plan the next pass.'));
    const close = orWatchLost(step('Close', steps.close, 'Staff are back (or never left) and every alert is answered: close the visit, file its report if that is next; then plan the next pass.'));
    const fileReport = orWatchLost(step('FileReport', steps.fileReport, 'File the CPOMS-style report as an event; then plan the next pass.'));
    const done = new sfn.Succeed(this, 'VisitFiled');
    for (const s of [onDeadline, assessRisk, close, fileReport]) s.next(route);
    const wakeSteps: Partial<Record<StepRoute, sfn.IChainable>> = { 'assess-risk': assessRisk, close };
    const wakesInto = (stage: StageName): sfn.IChainable => {
      const step = WAKES_INTO[stage];
      if (step === undefined) return plan;
      const target = wakeSteps[step];
      if (!target) throw new Error(`a wake cannot go to ${step}`);
      return target;
    };

    const wait = (stage: StageName) =>
      orWatchLost(
        guardedWait(this, WAITS[stage].state, { awaitSignal: steps.awaitSignal, stage, deadlineSecondsPath: '$.plan.waitSeconds', routePath: '$.plan.route', comment: WAITS[stage].comment })
          // The deadline first: a timeout is the stage's own outcome, never a fault.
          .addCatch(onDeadline, { errors: DEADLINE_ERRORS, resultPath: '$.timeout' }),
      ).next(wakesInto(stage));
    const waits = {} as Record<StageName, sfn.IChainable>;
    for (const stage of STAGE_NAMES) waits[stage] = wait(stage);
    /** The wait of a route that is a stage (one read from the core's table). */
    const waitOf = (stageRoute: VisitRoute) => {
      if (!isStage(stageRoute)) throw new Error(`${stageRoute} is not a stage the workflow waits in`);
      return waits[stageRoute];
    };
    begin.next(waitOf(STATUS_TABLE.requested.route));
    // Fire and forget (not .sync): this execution ends as the next begins. Starting the same name
    // with the same input while it runs is a no-op, so a retry after a lost answer starts nothing twice.
    // A custom state, not tasks.StepFunctionsStartExecution: that task grants StartExecution on the
    // ARN it renders, and the ARN here is the context object's (`$$.StateMachine.Id`), which is
    // this machine's own wherever it runs; the grant is below, by name.
    const continueAsNew = orWatchLost(
      new sfn.CustomState(this, 'ContinueAsNew', {
        stateJson: {
          Type: 'Task',
          Comment: 'This history has had its share of passes: hand the visit to a new execution of this machine, which re-folds it from its events.',
          Resource: `arn:${Aws.PARTITION}:states:::states:startExecution`,
          Parameters: {
            'StateMachineArn.$': '$$.StateMachine.Id',
            'Name.$': '$.plan.continuation.executionName',
            Input: {
              'visitId.$': '$.visitId',
              'policy.$': '$.policy',
              'generation.$': '$.plan.continuation.generation',
              // Links the new execution to this one in the console.
              'AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$': '$$.Execution.Id',
            },
          },
          ResultSelector: { 'executionArn.$': '$.ExecutionArn' },
          ResultPath: '$.continued',
        },
      }).addRetry(CONTINUE_RETRY),
    );
    handOverOrPlan.when(sfn.Condition.isPresent('$.plan.continuation'), continueAsNew);
    continueAsNew.next(new sfn.Succeed(this, 'ContinuedAsNew', { comment: 'The visit goes on in the execution named in $.continued.' }));
    const stepFor: Record<StepRoute | WorkflowRoute, sfn.IChainable> = { 'assess-risk': assessRisk, close, 'file-report': fileReport, done, continue: continueAsNew };

    // One branch per route of the core's stage table (functions/core/stages.ts), none written twice.
    for (const name of ROUTES) route.when(sfn.Condition.stringEquals('$.plan.route', name), isStage(name) ? waits[name] : stepFor[name]);
    route.otherwise(new sfn.Fail(this, 'UnknownRoute', { error: 'UnknownRoute', cause: 'Plan returned a route this definition does not know' }));

    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      ...props.stateMachine,
      stateMachineName: props.stateMachineName,
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromChainable(begin),
    });
    // ContinueAsNew starts this machine, and no other: by name, as its own ARN would be circular here.
    sfn.StateMachine.fromStateMachineName(this, 'ThisStateMachine', props.stateMachineName).grantStartExecution(this.stateMachine.role);
  }
}
