import { Aws } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { RECORD_UNREADABLE } from '../functions/core/record-damage';
import { isStage, ROUTES, type StageName, type StepRoute, type WorkflowRoute } from '../functions/core/stages';
import { CONTINUE_RETRY, FAULT_PATH, TRANSIENT_RETRY, WATCH_AGAIN_AFTER } from './faults';
import { DEADLINE_ERRORS, guardedWait } from './guarded-wait';

export interface VisitStepFunctions {
  readonly plan: lambda.IFunction;
  readonly awaitSignal: lambda.IFunction;
  readonly assessRisk: lambda.IFunction;
  readonly onDeadline: lambda.IFunction;
  readonly close: lambda.IFunction;
  readonly fileReport: lambda.IFunction;
  readonly watchLost: lambda.IFunction;
}

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
 * One execution at a time per visit (the first named by the visit id: see executionNameOf in
 * functions/steps/steps.ts for the rest). The event store holds the facts; this
 * machine owns time. Every pass goes through Plan, which folds the visit's events and routes to the
 * stage it is in, with the wait its policy allows:
 *
 *   authorise → risk-assess → travel → wait for the family → in-home → return safely → close → report
 *
 * Each waiting stage is a guarded wait; a person's action wakes it, a passed deadline goes to
 * OnDeadline (cancel on no-show, or raise and escalate an alert), and both return to Plan.
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
    const step = (name: string, fn: lambda.IFunction, comment: string) => invoke(name, fn, comment, visitPayload, '$.step');

    const start = new sfn.Pass(this, 'Start', {
      comment:
        'The execution input is { visitId, policy }: the policy resolved for the school when the visit was requested; a continuation adds its generation.',
      result: sfn.Result.fromObject({ iteration: 0, version: 0 }),
      resultPath: '$.plan',
    });
    const plan = invoke(
      'Plan',
      steps.plan,
      'Fold the visit from its events; route to its stage with the wait its policy allows.',
      {
        visitId: sfn.JsonPath.stringAt('$.visitId'),
        policy: sfn.JsonPath.objectAt('$.policy'),
        iteration: sfn.JsonPath.numberAt('$.plan.iteration'),
        // Which execution of the visit this is: the input of a continuation names its generation.
        execution: sfn.JsonPath.objectAt('$$.Execution.Input'),
        // How old this execution is: a standard execution ends after a year, so a long wait (a follow-up up to 365 days out) hands over first.
        startedAt: sfn.JsonPath.stringAt('$$.Execution.StartTime'),
      },
      '$.plan',
    );

    // Where every Task goes once its retries are spent: record it, pause, watch again from Plan.
    const watchAgain = new sfn.Wait(this, 'PauseBeforeWatchingAgain', {
      comment: 'Give the fault time to clear, then plan the visit afresh (a deadline that passed meanwhile fires at once).',
      time: sfn.WaitTime.duration(WATCH_AGAIN_AFTER),
    });
    const watchLost = invoke(
      'WatchLost',
      steps.watchLost,
      'Retries spent: record that nothing is watching the visit (the office hears of it, operations are alarmed).',
      { ...visitPayload, error: sfn.JsonPath.stringAt(`${FAULT_PATH}.Error`) },
      '$.step',
    ).addCatch(watchAgain, { errors: [sfn.Errors.ALL], resultPath: FAULT_PATH });
    watchLost.next(watchAgain);
    watchAgain.next(plan);
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
    const onDeadline = orWatchLost(step('OnDeadline', steps.onDeadline, 'A deadline passed: cancel a no-show, or raise or escalate the overdue alert.'));
    const assessRisk = orWatchLost(step('AssessRisk', steps.assessRisk, 'Risk assessment from the request: proceed, pairs only, invite to school, or do not visit.'));
    const close = orWatchLost(step('Close', steps.close, 'Staff are back (or never left) and every alert is answered: close the visit.'));
    const fileReport = orWatchLost(step('FileReport', steps.fileReport, 'File the CPOMS-style report as an event.'));
    const done = new sfn.Succeed(this, 'VisitFiled');
    for (const s of [onDeadline, assessRisk, close, fileReport]) s.next(plan);

    const wait = (stage: StageName) =>
      orWatchLost(
        guardedWait(this, WAITS[stage].state, { awaitSignal: steps.awaitSignal, stage, deadlineSecondsPath: '$.plan.waitSeconds', comment: WAITS[stage].comment })
          // The deadline first: a timeout is the stage's own outcome, never a fault.
          .addCatch(onDeadline, { errors: DEADLINE_ERRORS, resultPath: '$.timeout' }),
      ).next(plan);
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
    continueAsNew.next(new sfn.Succeed(this, 'ContinuedAsNew', { comment: 'The visit goes on in the execution named in $.continued.' }));
    const stepFor: Record<StepRoute | WorkflowRoute, sfn.IChainable> = { 'assess-risk': assessRisk, close, 'file-report': fileReport, done, continue: continueAsNew };

    // One branch per route of the core's stage table (functions/core/stages.ts), none written twice.
    const route = new sfn.Choice(this, 'Route');
    for (const name of ROUTES) route.when(sfn.Condition.stringEquals('$.plan.route', name), isStage(name) ? wait(name) : stepFor[name]);
    route.otherwise(new sfn.Fail(this, 'UnknownRoute', { error: 'UnknownRoute', cause: 'Plan returned a route this definition does not know' }));

    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      ...props.stateMachine,
      stateMachineName: props.stateMachineName,
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromChainable(start.next(plan).next(route)),
    });
    // ContinueAsNew starts this machine, and no other: by name, as its own ARN would be circular here.
    sfn.StateMachine.fromStateMachineName(this, 'ThisStateMachine', props.stateMachineName).grantStartExecution(this.stateMachine.role);
  }
}
