import { useEffect, useRef, useState } from 'preact/hooks';
import type { BoardRow } from '../shared/api';
import { Icon } from '../shared/icons';
import { alarm, askForNotifications, chime, notificationState, notify, resumeSoundOnFirstGesture, soundRunning, soundWanted, turnSoundOff, turnSoundOn, type NotificationState } from './alarm';
import { alertLabel, announcementKey, isCritical, schoolWords, staffWords, stageWords, type BoardAlert } from './words';

/**
 * A new alert on the board makes itself heard (words.ts `isCritical` says which): a critical one
 * sounds the alarm, shows a browser notification where allowed and is announced assertively; any
 * other new alert chimes once and is announced politely. Alerts already open when the board loads
 * are not new: they are on screen, loudest first, and read out politely once.
 */

export interface Announcements {
  readonly assertive: string;
  readonly polite: string;
}

const describe = (row: BoardRow, alert: BoardAlert): string =>
  `${alertLabel(alert)}: ${staffWords(row.staff)}, ${schoolWords(row.schoolId)}, ${stageWords(row.stage).toLowerCase()}`;

export function useAnnouncements(rows: readonly BoardRow[] | undefined): Announcements {
  const announced = useRef<Set<string> | undefined>(undefined);
  const known = useRef(new Set<string>());
  const [said, setSaid] = useState<Announcements>({ assertive: '', polite: '' });

  useEffect(() => {
    if (!rows) return;
    const first = announced.current === undefined;
    const done = (announced.current ??= new Set());
    const critical: Array<{ row: BoardRow; alert: BoardAlert }> = [];
    const fresh: Array<{ row: BoardRow; alert: BoardAlert }> = [];
    for (const row of rows) {
      for (const alert of row.alerts ?? []) {
        const key = announcementKey(alert);
        if (isCritical(alert) && !done.has(key)) critical.push({ row, alert });
        else if (!known.current.has(alert.alertId)) fresh.push({ row, alert });
        done.add(key);
        known.current.add(alert.alertId);
      }
    }
    if (first) {
      const open = [...critical, ...fresh];
      if (open.length > 0) say(setSaid, 'polite', `Open alerts: ${open.map(({ row, alert }) => describe(row, alert)).join('. ')}.`);
      return;
    }
    if (critical.length > 0) {
      alarm();
      for (const { row, alert } of critical) {
        notify(`${alertLabel(alert)} – ${schoolWords(row.schoolId)}`, `${staffWords(row.staff)}: ${stageWords(row.stage).toLowerCase()}. Open the office board to acknowledge it.`, announcementKey(alert));
      }
      say(setSaid, 'assertive', `New: ${critical.map(({ row, alert }) => describe(row, alert)).join('. ')}.`);
    }
    if (fresh.length > 0) {
      if (critical.length === 0) chime();
      say(setSaid, 'polite', `New alert: ${fresh.map(({ row, alert }) => describe(row, alert)).join('. ')}.`);
    }
  }, [rows]);
  return said;
}

/** Empties the region first, so the same words said twice are read twice. */
function say(set: (update: (before: Announcements) => Announcements) => void, region: keyof Announcements, text: string): void {
  set((before) => ({ ...before, [region]: '' }));
  setTimeout(() => set((before) => ({ ...before, [region]: text })), 50);
}

/**
 * The live regions, present from the first render (a region added with its words is not read), and
 * visually hidden: the rows say the same on screen. `connection` is said when it changes, never on
 * each poll.
 */
export function Announcer(props: Announcements & { connection: 'loading' | 'live' | 'lost' }) {
  const [connectionWords, setConnectionWords] = useState('');
  const before = useRef(props.connection);
  useEffect(() => {
    if (props.connection === before.current) return;
    if (props.connection === 'lost') setConnectionWords('The board has lost its connection; reconnecting.');
    else if (before.current === 'lost' && props.connection === 'live') setConnectionWords('The board is connected again.');
    before.current = props.connection;
  }, [props.connection]);
  return (
    <>
      <div class="govuk-visually-hidden" aria-live="assertive" aria-atomic="true" data-testid="assertive">
        {props.assertive}
      </div>
      <div class="govuk-visually-hidden" aria-live="polite" aria-atomic="true">
        {props.polite} {connectionWords}
      </div>
    </>
  );
}

/** "Turn on sound" (one press lets the browser play it) and "Turn on notifications" (the browser asks). */
export function SoundAndNotifications() {
  const [, setTick] = useState(0);
  const changed = () => setTick((tick) => tick + 1);
  const [permission, setPermission] = useState<NotificationState>(notificationState);
  const notificationStatus = useRef<HTMLParagraphElement>(null);
  useEffect(() => resumeSoundOnFirstGesture(changed), []);
  const running = soundRunning();
  const held = soundWanted() && !running;

  return (
    <div class="hv-board__attention">
      <div class="hv-board__attention-item">
        <button
          type="button"
          class={`govuk-button hv-alert__button${running ? ' govuk-button--secondary' : ''}`}
          aria-describedby="sound-status"
          onClick={async () => {
            if (running) turnSoundOff();
            else await turnSoundOn();
            changed();
          }}
        >
          {running ? 'Turn off sound' : 'Turn on sound'}
        </button>
        <p class="govuk-body-s hv-board__attention-status" id="sound-status">
          {running ? (
            <>
              <Icon name="ok" /> Sound is on: new critical alerts sound an alarm.
            </>
          ) : held ? (
            'Sound was on: the browser needs one press on this page to play it again.'
          ) : (
            'Sound is off.'
          )}
        </p>
      </div>
      {permission !== 'unsupported' && (
        <div class="hv-board__attention-item">
          {permission === 'default' && (
            <button
              type="button"
              class="govuk-button govuk-button--secondary hv-alert__button"
              onClick={async () => {
                setPermission(await askForNotifications());
                setTimeout(() => notificationStatus.current?.focus(), 0);
              }}
            >
              Turn on notifications
            </button>
          )}
          <p class="govuk-body-s hv-board__attention-status" tabIndex={-1} ref={notificationStatus}>
            {permission === 'granted' ? (
              <>
                <Icon name="ok" /> Notifications are on: critical alerts show even when this page is behind another.
              </>
            ) : permission === 'denied' ? (
              'Notifications are blocked in this browser’s settings.'
            ) : (
              'Notifications are off.'
            )}
          </p>
        </div>
      )}
    </div>
  );
}
