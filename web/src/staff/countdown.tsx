import { useEffect, useRef, useState } from 'preact/hooks';
import { countdownText, useServerNow } from '../shared/clock';
import { DEADLINE_WORDS } from './words';

/** How often a screen reader hears the countdown: often enough to plan by, not so often it talks over everything. */
const ANNOUNCE_EVERY_MS = 30_000;

/**
 * The next check-in or deadline, counted down against the server's clock (which may run fast
 * locally): big and updated every second for the eye; a polite live region, updated at most every
 * 30 seconds, for a screen reader, and at once when the deadline passes ("You are overdue…").
 */
export function Countdown(props: { deadline: { kind: string; at: string } | undefined }) {
  const now = useServerNow(1000);
  const { deadline } = props;
  const lead = deadline ? (DEADLINE_WORDS[deadline.kind] ?? 'Next deadline in') : undefined;
  const text = deadline && now !== undefined ? countdownText(Date.parse(deadline.at) - now) : undefined;
  const overdue = text?.startsWith('overdue') ?? false;
  // Past the deadline it says so first: "You are overdue by 0 min 05 s".
  const sentence = !lead || !text ? '' : overdue ? `You are ${text}. ${lead.replace(/ (in|within)$/, '')}.` : `${lead} ${text}`;

  const [announced, setAnnounced] = useState('');
  const last = useRef<{ at: number; key: string }>({ at: 0, key: '' });
  useEffect(() => {
    // Passing the deadline is a new thing to say, at once; so is a new deadline. The same one again only every 30 seconds.
    const key = deadline ? `${deadline.kind}@${deadline.at}${overdue ? ' overdue' : ''}` : '';
    const due = Date.now() - last.current.at >= ANNOUNCE_EVERY_MS;
    if (sentence && (key !== last.current.key || due)) {
      last.current = { at: Date.now(), key };
      setAnnounced(sentence);
    }
    if (!deadline) setAnnounced('');
  }, [sentence, deadline?.kind, deadline?.at, overdue]);

  if (!deadline) return null;
  return (
    <div class={`hv-countdown${overdue ? ' hv-countdown--overdue' : ''}`}>
      <p class="hv-countdown__lead" aria-hidden="true">
        {overdue && <span class="hv-countdown__icon">! </span>}
        {lead}
      </p>
      <p class="hv-countdown__time" aria-hidden="true">{text ?? '…'}</p>
      <p class="govuk-visually-hidden" aria-live="polite">{announced}</p>
    </div>
  );
}
