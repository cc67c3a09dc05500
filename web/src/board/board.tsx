import { useEffect, useRef, useState } from 'preact/hooks';
import { api, problemOf, type ApiProblem, type BoardRow } from '../shared/api';
import { countdownText, useServerNow } from '../shared/clock';
import { Icon, type IconName } from '../shared/icons';
import { ProblemSummary } from '../shared/problem';
import { clockTime } from '../shared/time';
import { Announcer, SoundAndNotifications, useAnnouncements } from './announce';
import { useBoardFeed } from './poll';
import { ResponderView } from './responder';
import {
  alertLabel,
  alertTone,
  boardGroups,
  DEADLINE_WORDS,
  hhmmss,
  isAlarm,
  isCritical,
  schoolWords,
  staffWords,
  stageWords,
  type BoardAlert,
  type BoardGroups,
} from './words';

/**
 * The office board: who is out now, where they are, what falls due next, and every open alert with
 * the two acts the office has for it: acknowledge ("I have it": it stops climbing, stays open) and
 * resolve (closed, with the reason). Live without reload; the school filter is in the address, so a
 * wall screen can be bookmarked to one school.
 */

const schoolInAddress = (): string | undefined => new URLSearchParams(location.search).get('school') || undefined;

export function Board() {
  const [school, setSchool] = useState(schoolInAddress);
  const feed = useBoardFeed(school);
  const now = useServerNow(500);
  const [done, setDone] = useState<string>();
  const announcements = useAnnouncements(feed.rows, feed.tick);

  useEffect(() => {
    const back = () => setSchool(schoolInAddress());
    addEventListener('popstate', back);
    return () => removeEventListener('popstate', back);
  }, []);

  const choose = (chosen: string | undefined) => {
    const url = new URL(location.href);
    if (chosen) url.searchParams.set('school', chosen);
    else url.searchParams.delete('school');
    history.pushState(null, '', url);
    setSchool(chosen);
  };

  const rows = feed.rows;
  return (
    <>
      <Announcer {...announcements} connection={feed.failure ? 'lost' : feed.rows ? 'live' : 'loading'} />
      {done && <Done text={done} onDismiss={() => setDone(undefined)} />}
      <div class="hv-board__controls">
        <SchoolFilter schools={feed.schools} chosen={school} onChoose={choose} />
        <SoundAndNotifications />
        <Freshness updatedAt={feed.updatedAt} failing={feed.failure !== undefined} />
      </div>
      {feed.failure && feed.failure !== 'offline' && <ProblemSummary problem={feed.failure} title="The board could not be updated" />}
      {feed.failure && feed.failure !== 'offline' && feed.failure.status === 401 && (
        <p class="govuk-body">
          <a class="govuk-link" href={`/?next=${encodeURIComponent(location.pathname + location.search)}`}>
            Sign in again
          </a>
        </p>
      )}
      {!rows ? (
        <p class="govuk-body">Loading the board…</p>
      ) : rows.length === 0 ? (
        <p class="govuk-body-l hv-board__empty">Nobody is out.</p>
      ) : (
        <BoardTable groups={boardGroups(rows)} school={school} now={now} refresh={feed.refresh} onDone={setDone} />
      )}
    </>
  );
}

const visits = (count: number): string => (count === 1 ? '1 visit' : `${count} visits`);

/**
 * One table for a wall screen: a line per visit, open alerts pinned first (loudest first), then
 * the visits under way, those back and finishing, and the planned ones, each group under its own
 * heading. "Out now" counts only the visits under way.
 */
function BoardTable(props: { groups: BoardGroups; school: string | undefined; now: number | undefined; refresh: () => void; onDone: (text: string) => void }) {
  const { groups } = props;
  const sections: Array<{ name: string; heading: string; rows: readonly BoardRow[] }> = [
    { name: 'alerting', heading: `Open alerts, loudest first: ${visits(groups.alerting.length)}`, rows: groups.alerting },
    { name: 'out', heading: `Under way: ${visits(groups.out.length)}`, rows: groups.out },
    { name: 'back', heading: `Back, finishing: ${visits(groups.back.length)}`, rows: groups.back },
    { name: 'planned', heading: `Planned, not yet set off: ${visits(groups.planned.length)}`, rows: groups.planned },
  ];
  return (
    <table class="govuk-table hv-board">
      <caption class="govuk-table__caption govuk-table__caption--m">
        Who is out now{props.school ? ` from ${schoolWords(props.school)}` : ''}: {visits(groups.outNow)} under way; {groups.plannedCount} planned
      </caption>
      <thead class="govuk-table__head">
        <tr class="govuk-table__row">
          <th scope="col" class="govuk-table__header">School</th>
          <th scope="col" class="govuk-table__header">Staff</th>
          <th scope="col" class="govuk-table__header">Stage</th>
          <th scope="col" class="govuk-table__header">Planned</th>
          <th scope="col" class="govuk-table__header">Next deadline</th>
          <th scope="col" class="govuk-table__header">Alerts</th>
        </tr>
      </thead>
      {sections
        .filter((section) => section.rows.length > 0)
        .map((section) => (
          <tbody key={section.name} class={`govuk-table__body hv-board__group hv-board__group--${section.name}`}>
            <tr class="govuk-table__row">
              <th scope="rowgroup" colSpan={6} class="govuk-table__header hv-board__group-heading">
                {section.heading}
              </th>
            </tr>
            {section.rows.map((row) => (
              <Row key={row.visitId} row={row} now={props.now} refresh={props.refresh} onDone={props.onDone} />
            ))}
          </tbody>
        ))}
    </table>
  );
}

/**
 * A visit's line, and under a line with anything open a second row across the table with what the
 * office does about it, so the line itself stays one line whatever the alert asks for.
 */
function Row(props: { row: BoardRow; now: number | undefined; refresh: () => void; onDone: (text: string) => void }) {
  const { row } = props;
  const alerts = row.alerts ?? [];
  const loud = row.damaged !== undefined || alerts.some(isCritical);
  const tone = loud ? ' hv-board__row--loud' : alerts.length > 0 || row.openAlerts > 0 ? ' hv-board__row--alert' : '';
  const staff = staffWords(row.staff);
  const open = row.damaged !== undefined || alerts.length > 0 || row.openAlerts > 0;
  const [responding, setResponding] = useState(false);
  return (
    <>
      <tr class={`govuk-table__row hv-board__row${tone}`} data-visit-id={row.visitId}>
        <td class="govuk-table__cell">{schoolWords(row.schoolId)}</td>
        <th scope="row" class="govuk-table__header">
          <button type="button" class="hv-board__open" aria-expanded={responding} onClick={() => setResponding(!responding)}>
            {staff}
            <span class="govuk-visually-hidden">: {responding ? 'close' : 'open'} what to do and who to call</span>
          </button>
        </th>
        <td class="govuk-table__cell">{stageWords(row.stage)}</td>
        <td class="govuk-table__cell">{row.appointment ? `${clockTime(row.appointment.start)} to ${clockTime(row.appointment.end)}` : 'Not known'}</td>
        <td class="govuk-table__cell">
          <Deadline row={row} now={props.now} />
        </td>
        <td class="govuk-table__cell hv-board__alerts-cell">
          {row.damaged && <Tag tone="purple" icon="damaged" text="Damaged record" />}
          {alerts.map((alert) => (
            <Tag key={alert.alertId} tone={alertTone(alert)} icon={isAlarm(alert) ? 'alarm' : 'warning'} text={alertLabel(alert)} />
          ))}
          {!open && <Tag tone="green" icon="ok" text="OK" />}
        </td>
      </tr>
      {open && (
        <tr class={`govuk-table__row hv-board__acts${tone}`} data-alerts-for={row.visitId}>
          <td class="govuk-table__cell" colSpan={6}>
            {row.damaged && (
              <p class="govuk-body-s hv-alert__line">
                The record cannot be read from version {row.damaged.version}: nothing is timed or escalated for this visit. Phone the staff, and tell an administrator.
              </p>
            )}
            {alerts.length === 0 && row.openAlerts > 0 && (
              <p class="govuk-body-s hv-alert__line">{row.openAlerts === 1 ? '1 open alert' : `${row.openAlerts} open alerts`} (details not yet on the board)</p>
            )}
            {alerts.map((alert) => (
              <AlertControls key={alert.alertId} visitId={row.visitId} alert={alert} staff={staff} refresh={props.refresh} onDone={props.onDone} />
            ))}
          </td>
        </tr>
      )}
      {responding && (
        <tr class={`govuk-table__row hv-board__acts${tone}`}>
          <td class="govuk-table__cell" colSpan={6}>
            <ResponderView visitId={row.visitId} version={row.version} staff={staff} />
          </td>
        </tr>
      )}
    </>
  );
}

/** "I need more time", as the staff asked for it: the deadline shown has already moved. */
function MoreTime(props: { row: BoardRow }) {
  const { moreTime } = props.row;
  return moreTime ? <span class="hv-board__more-time"> (staff asked for {moreTime.minutes} more min: {moreTime.reason})</span> : null;
}

function Deadline(props: { row: BoardRow; now: number | undefined }) {
  const { nextDeadline } = props.row;
  if (!nextDeadline) return <><span class="hv-muted">None running</span><MoreTime row={props.row} /></>;
  const words = DEADLINE_WORDS[nextDeadline.kind] ?? nextDeadline.kind;
  const left = props.now === undefined ? undefined : Date.parse(nextDeadline.at) - props.now;
  const overdue = left !== undefined && left < 0;
  return (
    <>
      <span class="hv-board__deadline-kind">{words}</span> at {clockTime(nextDeadline.at)}{' '}
      {left === undefined ? null : overdue ? (
        <strong class="hv-countdown hv-countdown--overdue">
          <Icon name="warning" /> {countdownText(left)}
        </strong>
      ) : (
        <span class="hv-countdown">
          <Icon name="clock" /> in {countdownText(left)}
        </span>
      )}
      <MoreTime row={props.row} />
    </>
  );
}

function Tag(props: { tone: string; icon: IconName; text: string }) {
  return (
    <strong class={`govuk-tag govuk-tag--${props.tone} hv-tag`}>
      <Icon name={props.icon} />
      <span>{props.text}</span>
    </strong>
  );
}

const failureOf = (status: number, body: unknown): ApiProblem => problemOf(status, body);
const OFFLINE: ApiProblem = { status: 0, message: 'The server could not be reached: nothing was recorded. Try again.' };

/** One open alert: what it is, whether someone has it, and the two acts. */
function AlertControls(props: { visitId: string; alert: BoardAlert; staff: string; refresh: () => void; onDone: (text: string) => void }) {
  const { alert, visitId } = props;
  const [busy, setBusy] = useState<'acknowledge' | 'resolve'>();
  const [problem, setProblem] = useState<ApiProblem>();
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string>();
  const summary = useRef<HTMLElement>(null);
  const reasonBox = useRef<HTMLTextAreaElement>(null);
  const label = alertLabel(alert);
  const id = `resolve-${alert.alertId}`;

  const acknowledge = async () => {
    setBusy('acknowledge');
    setProblem(undefined);
    try {
      const client = await api();
      const { error, response } = await client.POST('/visits/{id}/acknowledge', { params: { path: { id: visitId } }, body: { alertId: alert.alertId } });
      if (!response.ok) setProblem(failureOf(response.status, error));
      else {
        props.refresh();
        // The button goes once the board shows who has it: the next act is resolving.
        summary.current?.focus();
      }
    } catch {
      setProblem(OFFLINE);
    } finally {
      setBusy(undefined);
    }
  };

  const resolve = async (event: Event) => {
    event.preventDefault();
    const words = reason.trim();
    if (!words) {
      setReasonError('Enter why the alert is resolved');
      reasonBox.current?.focus();
      return;
    }
    setReasonError(undefined);
    setBusy('resolve');
    setProblem(undefined);
    try {
      const client = await api();
      const { error, response } = await client.POST('/visits/{id}/resolve-alert', { params: { path: { id: visitId } }, body: { alertId: alert.alertId, reason: words } });
      if (!response.ok) setProblem(failureOf(response.status, error));
      else {
        props.onDone(`Resolved: ${label.replace(/^Alert: /, '')} for ${props.staff}. Reason: ${words}`);
        props.refresh();
      }
    } catch {
      setProblem(OFFLINE);
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <div class="hv-alert" data-alert-id={alert.alertId}>
      <div class="hv-alert__acts">
        <p class="govuk-body-s hv-alert__line">
          <strong>{label}</strong>, raised at {clockTime(alert.raisedAt)}
        </p>
        {alert.acknowledgedBy ? (
          <p class="govuk-body-s hv-alert__line hv-alert__acknowledged">
            <Icon name="acknowledged" /> Acknowledged by {alert.acknowledgedBy}
            {alert.acknowledgedAt ? ` at ${clockTime(alert.acknowledgedAt)}` : ''}, not yet resolved
          </p>
        ) : (
          <button type="button" class="govuk-button hv-alert__button" disabled={busy !== undefined} aria-disabled={busy !== undefined} onClick={() => void acknowledge()}>
            {busy === 'acknowledge' ? 'Acknowledging…' : 'Acknowledge: I have it'}
            <span class="govuk-visually-hidden"> ({label} for {props.staff})</span>
          </button>
        )}
        <details class="govuk-details hv-alert__resolve">
          <summary class="govuk-details__summary" ref={summary}>
            <span class="govuk-details__summary-text">
              Resolve<span class="govuk-visually-hidden"> the {label} for {props.staff}</span>
            </span>
          </summary>
          <div class="govuk-details__text">
            <form onSubmit={(event) => void resolve(event)} noValidate>
              <div class={`govuk-form-group${reasonError ? ' govuk-form-group--error' : ''}`}>
                <label class="govuk-label" for={id}>
                  Why is it resolved?
                </label>
                <div class="govuk-hint" id={`${id}-hint`}>
                  What you found out, for example: spoke to her, she is safe
                </div>
                {reasonError && (
                  <p class="govuk-error-message" id={`${id}-error`}>
                    <span class="govuk-visually-hidden">Error:</span> {reasonError}
                  </p>
                )}
                <textarea
                  class={`govuk-textarea${reasonError ? ' govuk-textarea--error' : ''}`}
                  id={id}
                  name="reason"
                  rows={2}
                  maxLength={2000}
                  ref={reasonBox}
                  aria-describedby={`${id}-hint${reasonError ? ` ${id}-error` : ''}`}
                  value={reason}
                  onInput={(event) => setReason(event.currentTarget.value)}
                />
              </div>
              <button type="submit" class="govuk-button govuk-button--warning hv-alert__button" disabled={busy !== undefined} aria-disabled={busy !== undefined}>
                {busy === 'resolve' ? 'Resolving…' : 'Resolve alert'}
              </button>
            </form>
          </div>
        </details>
      </div>
      <ProblemSummary problem={problem} />
    </div>
  );
}

function SchoolFilter(props: { schools: readonly string[]; chosen: string | undefined; onChoose: (school: string | undefined) => void }) {
  const [choice, setChoice] = useState(props.chosen ?? '');
  useEffect(() => setChoice(props.chosen ?? ''), [props.chosen]);
  return (
    <form
      class="hv-board__filter"
      method="get"
      action="/board.html"
      onSubmit={(event) => {
        event.preventDefault();
        props.onChoose(choice || undefined);
      }}
    >
      <div class="govuk-form-group hv-board__filter-group">
        <label class="govuk-label" for="school">
          School
        </label>
        <select class="govuk-select" id="school" name="school" value={choice} onChange={(event) => setChoice(event.currentTarget.value)}>
          <option value="">All schools</option>
          {props.schools.map((school) => (
            <option key={school} value={school}>
              {schoolWords(school)}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" class="govuk-button govuk-button--secondary hv-board__filter-button">
        Show
      </button>
    </form>
  );
}

function Freshness(props: { updatedAt: number | undefined; failing: boolean }) {
  if (props.updatedAt === undefined && !props.failing) return null;
  return (
    <p class={`govuk-body-s hv-board__freshness${props.failing ? ' hv-board__freshness--failing' : ''}`}>
      {props.failing && <Icon name="warning" />}
      {props.updatedAt === undefined ? 'Not updated yet' : `Last updated ${hhmmss(props.updatedAt)}`}
      {props.failing ? '; reconnecting…' : ''}
    </p>
  );
}

/** What the office just did, confirmed at the top (GOV.UK's success banner), focused so it is read. */
function Done(props: { text: string; onDismiss: () => void }) {
  const banner = useRef<HTMLDivElement>(null);
  useEffect(() => banner.current?.focus(), [props.text]);
  return (
    <div class="govuk-notification-banner govuk-notification-banner--success" role="alert" aria-labelledby="done-title" tabIndex={-1} ref={banner}>
      <div class="govuk-notification-banner__header">
        <h2 class="govuk-notification-banner__title" id="done-title">
          Done
        </h2>
      </div>
      <div class="govuk-notification-banner__content">
        <p class="govuk-notification-banner__heading">{props.text}</p>
        <button type="button" class="govuk-button govuk-button--secondary hv-alert__button" onClick={props.onDismiss}>
          Dismiss
        </button>
      </div>
    </div>
  );
}
