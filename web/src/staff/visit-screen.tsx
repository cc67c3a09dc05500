import { useContext, useEffect, useRef, useState } from 'preact/hooks';
import { eventWords } from '../../../functions/core/narrate-words';
import { boardStageOfRoute, isStage, STAGES, STATUS_TABLE } from '../../../functions/core/stages';
import type { VisitStatus } from '../../../functions/core/visit-state';
import type { ApiProblem, Visit } from '../shared/api';
import { ProblemSummary } from '../shared/problem';
import { clockTime, dayWords } from '../shared/time';
import { Countdown } from './countdown';
import { useQueuedOn, useVisit, type OpenVisit } from './data';
import { CancelAlarmForm, CancelForm, CheckInForm, ConcernForm, EnterForm, LateForm, LeaveForm, MoreTimeForm, type FormProps } from './forms';
import { sendAction, subscribe } from './outbox';
import { PanicNewsContext } from './panic';
import { project } from './pending';
import { revealQueued } from './queue-view';
import { allowReminderNotifications, remindersNeedPermission, useCheckInReminder } from './reminder';
import { ACTION_WORDS, staffActions, stageWords, type Stage, type StaffAction } from './words';

/**
 * One visit, open on the phone: where it is, the countdown to the next check-in or deadline, ONE
 * big button for the next step of the journey, and what else the stage accepts. Everything shown
 * comes from the API's staff view of the visit (never a duress alert): after a check-in the screen
 * is the same whatever code was typed.
 */

const FORMS = ['enter', 'check-in', 'leave', 'report-late', 'extend-time', 'cancel', 'raise-concern', 'cancel-alarm'] as const;
type FormAction = (typeof FORMS)[number];
const needsForm = (action: StaffAction): action is FormAction => (FORMS as readonly string[]).includes(action);

const DONE: Record<StaffAction, string> = {
  depart: 'You set off. The office knows you are on your way.',
  arrive: 'You have arrived.',
  'family-at-door': 'The family came to the door: the wait for them has stopped.',
  enter: 'You went in.',
  'check-in': 'You checked in.',
  leave: 'You have left the home. Tell the office when you are back.',
  return: 'You are back safely.',
  'report-late': 'The office knows the family are running late.',
  'extend-time': 'You have more time: the countdown shows when you are due now, and the office can see why.',
  cancel: 'The visit is cancelled.',
  'raise-concern': 'Your concern has been sent.',
  'cancel-alarm': 'Your call for help is called off. The office has been told it was a false alarm.',
};

/** Where the visit is: the board line's word, or, for an API answer without one, where its status routes it (the stage table). */
export const stageOf = (open: Pick<OpenVisit, 'summary' | 'visit'>): Stage => open.summary?.stage ?? boardStageOfRoute(STATUS_TABLE[open.visit.status].route);

/**
 * The status whose actions the screen offers: the server's, or, where a step still on the phone
 * moved the screen on, the status that waits in the stage it moved to (none between waits).
 */
const offeredStatus = (shown: { readonly stage: Stage; readonly moved: boolean }, visit: Visit): VisitStatus | undefined =>
  shown.moved ? (isStage(shown.stage) ? STAGES[shown.stage].status : undefined) : visit.status;

/** The next step of the journey: the one big button (after going in: check in, then leave). */
function primaryAction(stage: Stage, checkedInInside: boolean): StaffAction | undefined {
  switch (stage) {
    case 'awaiting-departure':
      return 'depart';
    case 'travelling':
      return 'arrive';
    case 'at-the-door':
      return 'enter';
    case 'in-home':
      return checkedInInside ? 'leave' : 'check-in';
    case 'returning-safely':
      return 'return';
    default:
      return undefined;
  }
}

/** What the page says where there is no step for the member of staff to take. */
function waitingWords(stage: Stage, visit: Visit, moved: boolean): string {
  // Moved on by a step the server has not heard yet: nothing more is known than that.
  if (moved) return 'What you pressed is kept on this phone. The office hears it when there is signal.';
  if (visit.cancelled) return 'This visit was cancelled.';
  if (visit.declined) return 'This visit was not authorised.';
  switch (stage) {
    case 'awaiting-authorisation':
      return 'This visit is waiting to be authorised. You can set off once it is.';
    case 'risk-assessment':
      return 'The risk assessment is being done. This takes a moment.';
    case 'awaiting-acknowledgement':
      return 'The office is dealing with an alert on this visit.';
    case 'closing':
    case 'reporting':
      return 'The visit is being closed and its report filed.';
    default:
      return 'The visit is closed and its report is filed.';
  }
}

const SECONDARY_WORDS: Partial<Record<StaffAction, string>> = { leave: 'Leave without going in' };

export function VisitScreen(props: { visitId: string; userId: string; onTitle: (title: string) => void }) {
  const loaded = useVisit(props.visitId);
  const queued = useQueuedOn(props.visitId);
  const [form, setForm] = useState<FormAction>();
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string>();
  const [problem, setProblem] = useState<ApiProblem>();
  const noticeRef = useRef<HTMLDivElement>(null);
  const problemRef = useRef<HTMLDivElement>(null);

  const tellPanic = useContext(PanicNewsContext);
  const open = loaded.data;
  const timeZone = open?.policy?.timeZone;
  const startsAt = open?.visit.details.appointmentAt ?? open?.visit.details.plannedStartAt;

  useEffect(() => {
    props.onTitle(startsAt ? `Your ${clockTime(startsAt, timeZone)} visit` : 'Your visit');
  }, [startsAt, timeZone]);
  useEffect(() => {
    if (notice) noticeRef.current?.focus();
  }, [notice]);
  // What the phone kept is shown by the queue at the top; once it is sent, the visit is read again.
  useEffect(() => subscribe(loaded.refresh), [loaded.refresh]);
  useEffect(() => {
    if (problem) problemRef.current?.querySelector<HTMLElement>('.govuk-error-summary')?.focus();
  }, [problem]);

  async function act(action: StaffAction, body: unknown) {
    if (busy) return;
    setBusy(true);
    setProblem(undefined);
    setNotice(undefined);
    try {
      const sent = await sendAction(props.visitId, action, body);
      if (sent.queued) {
        // The screen moves on (pending.ts); the banner at the top says it is kept, and sends it.
        setForm(undefined);
        revealQueued(sent.key);
      } else if (sent.ok) {
        if (action === 'cancel-alarm') tellPanic({ calledOff: true });
        setNotice(DONE[action]);
        setForm(undefined);
        loaded.refresh();
      } else {
        setProblem(sent.problem);
      }
    } finally {
      setBusy(false);
    }
  }

  const calls = open ? open.visit.alerts.filter((alert) => alert.kind === 'panic' && alert.stage !== 'resolved') : [];
  // The staff view never holds a duress alert, so this never says that one was answered.
  const heardBy = calls.flatMap((alert) => (alert.stage === 'acknowledged' ? [alert.acknowledged.by] : []))[0];
  const heardName = heardBy ? (heardBy.name ?? 'Someone in the office') : undefined;
  useEffect(() => tellPanic(heardName ? { acknowledgedBy: heardName } : {}), [heardName, tellPanic]);
  const reminderMinutes = open?.policy?.checkIns.reminderMinutesBefore ?? 0;
  const remindedOf = useCheckInReminder(props.visitId, open?.summary?.nextDeadline, reminderMinutes);
  const [askReminders, setAskReminders] = useState(remindersNeedPermission);

  function choose(action: StaffAction) {
    setProblem(undefined);
    if (needsForm(action)) {
      setNotice(undefined);
      setForm(action);
    } else void act(action, {});
  }

  if (!open) {
    return (
      <>
        <BackLink />
        {loaded.problem ? <ProblemSummary problem={loaded.problem} title="This visit cannot be shown" /> : <p class="govuk-body">Loading the visit…</p>}
      </>
    );
  }

  const { visit, policy, summary } = open;
  const shown = project(stageOf(open), visit, queued);
  const { stage } = shown;
  const primary = primaryAction(stage, shown.checkedInInside);
  const status = offeredStatus(shown, visit);
  const secondary = (status ? staffActions(status) : []).filter((action) => action !== primary && !(action === 'family-at-door' && shown.familyAtDoor));
  const formProps: FormProps = { visit, policy, userId: props.userId, busy, onClose: () => setForm(undefined) };
  const openAlerts = visit.alerts.filter((alert) => alert.stage !== 'resolved');
  const call = calls.at(-1);
  const oneTapSafe = !policy?.checkIns.codeRequired && visit.checkIns.length > 0 && (primary === 'check-in' || secondary.includes('check-in'));

  return (
    <>
      <BackLink />
      {loaded.problem && <ProblemSummary problem={loaded.problem} title="Not up to date" />}
      {notice && (
        <div
          class="govuk-notification-banner govuk-notification-banner--success"
          role="status"
          aria-labelledby="notice-title"
          tabIndex={-1}
          ref={noticeRef}
        >
          <div class="govuk-notification-banner__header">
            <h2 class="govuk-notification-banner__title" id="notice-title">Done</h2>
          </div>
          <div class="govuk-notification-banner__content">
            <p class="govuk-notification-banner__heading">{notice}</p>
          </div>
        </div>
      )}
      <div ref={problemRef}>
        <ProblemSummary problem={problem} title="That was not done" />
      </div>

      <p class="hv-stage">
        <strong class="govuk-tag hv-stage__tag">{stageWords(stage)}</strong>
        {shown.moved && <strong class="govuk-tag govuk-tag--yellow hv-stage__tag hv-stage__pending">Not sent yet</strong>}
      </p>
      {/* Always there, so a warning that appears in it is said at once, wherever the person is on the page. */}
      <div aria-live="assertive">
        {call && (
          <div role="status">
            <Warning text={heardName ? `The office has your alert: ${heardName} has it.` : 'The office has been alerted. Nobody has said they have it yet.'} />
          </div>
        )}
        {/* Only a missed deadline's alert is due at a time (the API's Alert). */}
        {openAlerts.some((alert) => 'dueAt' in alert) && (
          <Warning text="You are overdue: check in now." />
        )}
        {remindedOf && (
          <div role="alert">
            <Warning text={`Your check-in is due at ${clockTime(remindedOf, timeZone)}: check in now.`} />
          </div>
        )}
      </div>
      <Countdown deadline={summary?.nextDeadline} />
      {reminderMinutes > 0 && askReminders && (
        <button
          type="button"
          class="govuk-button govuk-button--secondary hv-wide"
          onClick={() => void allowReminderNotifications().then(() => setAskReminders(remindersNeedPermission()))}
        >
          Turn on check-in reminders ({reminderMinutes} minutes before)
        </button>
      )}

      {form === 'enter' && <EnterForm {...formProps} onSubmit={(body) => void act('enter', body)} />}
      {form === 'check-in' && <CheckInForm {...formProps} onSubmit={(body) => void act('check-in', body)} />}
      {form === 'leave' && <LeaveForm {...formProps} onSubmit={(body) => void act('leave', body)} />}
      {form === 'report-late' && <LateForm {...formProps} onSubmit={(body) => void act('report-late', body)} />}
      {form === 'extend-time' && <MoreTimeForm {...formProps} onSubmit={(body) => void act('extend-time', body)} />}
      {form === 'cancel' && <CancelForm {...formProps} onSubmit={(body) => void act('cancel', body)} />}
      {form === 'raise-concern' && <ConcernForm {...formProps} onSubmit={(body) => void act('raise-concern', body)} />}
      {form === 'cancel-alarm' && call && <CancelAlarmForm {...formProps} alertId={call.alertId} onSubmit={(body) => void act('cancel-alarm', body)} />}

      {!form && (
        <div class="hv-actions">
          {primary ? (
            <button type="button" class="govuk-button hv-wide hv-big hv-primary" aria-disabled={busy ? 'true' : undefined} onClick={() => choose(primary)}>
              {busy ? 'Sending…' : ACTION_WORDS[primary]}
            </button>
          ) : (
            <p class="govuk-body-l">{waitingWords(stage, visit, shown.moved)}</p>
          )}
          {oneTapSafe && (
            // After the first check-in, "I'm safe" is one tap: a check-in with nothing to add (where the
            // school asks for a code with every check-in, the code is typed in the check-in form instead).
            <button type="button" class="govuk-button hv-wide hv-big" aria-disabled={busy ? 'true' : undefined} onClick={() => void act('check-in', {})}>
              I am safe
            </button>
          )}
          {call && (
            <button type="button" class="govuk-button govuk-button--secondary hv-wide" aria-disabled={busy ? 'true' : undefined} onClick={() => choose('cancel-alarm')}>
              Call off my call for help: it was a false alarm
            </button>
          )}
          {secondary.length > 0 && (
            <>
              <h2 class="govuk-heading-s">Something else</h2>
              {secondary.map((action) => (
                <button
                  key={action}
                  type="button"
                  class={`govuk-button hv-wide ${action === 'cancel' ? 'govuk-button--warning' : 'govuk-button--secondary'}`}
                  aria-disabled={busy ? 'true' : undefined}
                  onClick={() => choose(action)}
                >
                  {SECONDARY_WORDS[action] ?? ACTION_WORDS[action]}
                </button>
              ))}
            </>
          )}
        </div>
      )}

      <VisitFacts open={open} />
    </>
  );
}

function BackLink() {
  return (
    <p class="govuk-body">
      <a class="govuk-link hv-back" href="#">
        <span aria-hidden="true">← </span>All my visits
      </a>
    </p>
  );
}

function Warning(props: { text: string }) {
  return (
    <div class="govuk-warning-text">
      <span class="govuk-warning-text__icon" aria-hidden="true">!</span>
      <strong class="govuk-warning-text__text">
        <span class="govuk-visually-hidden">Warning</span>
        {props.text}
      </strong>
    </div>
  );
}

/** The visit as its staff need it: where, when, with whom; then what they have told the office so far. */
function VisitFacts(props: { open: OpenVisit }) {
  const { visit, policy } = props.open;
  const { details } = visit;
  const timeZone = policy?.timeZone;
  const purpose = policy?.purposes.allowed.find((allowed) => allowed.id === details.purpose)?.title ?? details.purpose;
  const rows: Array<[string, string | undefined]> = [
    ['School', policy?.schoolName ?? details.schoolId],
    ['Pupil', details.pupil.name],
    ['Address', details.address],
    ['Day', dayWords(details.plannedStartAt, timeZone)],
    ['Appointment', details.appointmentAt && clockTime(details.appointmentAt, timeZone)],
    ['Set off', details.plannedStartAt && clockTime(details.plannedStartAt, timeZone)],
    ['Back by', details.expectedReturnAt && clockTime(details.expectedReturnAt, timeZone)],
    ['Staff', details.staff.map((member) => member.name).join(', ')],
    ['Purpose', purpose],
  ];
  // What they did, as recorded, in the narrator's words (the staff view holds no events to read).
  const did = (type: string, stamp: { readonly at: string } | undefined, data: object = {}) => (stamp ? [{ type, recordedAt: stamp.at, data: { ...data } }] : []);
  const told = [
    ...did('Departed', visit.departed),
    ...did('ParentReportedLate', visit.lateNotice, visit.lateNotice),
    ...did('Arrived', visit.arrived),
    ...did('FamilyCameToDoor', visit.familyAtDoor),
    ...did('Entered', visit.entered),
    ...visit.checkIns.flatMap((checkIn) => did('CheckedIn', checkIn)),
    ...did('LeftHome', visit.cancelled ? undefined : visit.left, visit.left),
    ...did('ReturnedSafely', visit.returned),
    ...did('VisitCancelled', visit.cancelled, visit.cancelled),
  ]
    .sort((a, b) => a.recordedAt.localeCompare(b.recordedAt))
    .map((event) => [event.recordedAt, eventWords(event, { policy, at: (iso) => clockTime(iso, timeZone) }).title] as const);
  return (
    <>
      <h2 class="govuk-heading-m">The visit</h2>
      <dl class="govuk-summary-list">
        {rows.filter((row): row is [string, string] => Boolean(row[1])).map(([key, value]) => (
          <div class="govuk-summary-list__row" key={key}>
            <dt class="govuk-summary-list__key">{key}</dt>
            <dd class="govuk-summary-list__value">{value}</dd>
          </div>
        ))}
      </dl>
      {told.length > 0 && (
        <>
          <h2 class="govuk-heading-m">What you have told the office</h2>
          <ul class="govuk-list hv-told">
            {told.map(([at, what], index) => (
              <li key={index}>
                <time dateTime={at}>{clockTime(at, timeZone)}</time> {what}
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
