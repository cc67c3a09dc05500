import { useEffect, useRef, useState } from 'preact/hooks';
import type { BoardRow } from '../shared/api';
import { Icon } from '../shared/icons';
import { alarm, askForNotifications, chime, notificationState, notify, resumeSoundOnFirstGesture, soundRunning, soundWanted, turnSoundOff, turnSoundOn, type NotificationState } from './alarm';
import { attend, NOTHING_HEARD, type Heard } from './attention';

/**
 * Plays what attention.ts decides: the alarm or the chime, the browser notifications and the words
 * for the live regions. It looks again at each new answer and at each of the board's ticks (`tick`),
 * which is what repeats the alarm while a critical alert waits for someone to acknowledge it.
 */

export interface Announcements {
  readonly assertive: string;
  readonly polite: string;
}

export function useAnnouncements(rows: readonly BoardRow[] | undefined, tick: number): Announcements {
  const heard = useRef<Heard>(NOTHING_HEARD);
  const [said, setSaid] = useState<Announcements>({ assertive: '', polite: '' });

  useEffect(() => {
    const attention = attend(heard.current, rows, performance.now());
    heard.current = attention.heard;
    if (attention.sound === 'alarm') alarm();
    else if (attention.sound === 'chime') chime();
    for (const notice of attention.notices) notify(notice.title, notice.body, notice.tag);
    if (attention.assertive) say(setSaid, 'assertive', attention.assertive);
    if (attention.polite) say(setSaid, 'polite', attention.polite);
  }, [rows, tick]);
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
              <Icon name="ok" /> Sound is on: a critical alert repeats until acknowledged.
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
