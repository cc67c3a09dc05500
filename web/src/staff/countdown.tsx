import { useEffect, useRef, useState } from 'preact/hooks';
import { countdownText, useServerNow } from '../shared/clock';
import { DEADLINE_WORDS } from './words';

/** How often a screen reader hears the countdown: often enough to plan by, not so often it talks over everything. */
const ANNOUNCE_EVERY_MS = 30_000;

/**
 * The next check-in or deadline, counted down against the server's clock (which may run fast
 * locally): big and updated every second for the eye; a polite live region, updated at most every
 * 30 seconds, for a screen reader.
 */
export function Countdown(props: { deadline: { kind: string; at: string } | undefined }) {
  const now = useServerNow(1000);
  const { deadline } = props;
  const lead = deadline ? (DEADLINE_WORDS[deadline.kind] ?? 'Next deadline in') : undefined;
  const text = deadline && now !== undefined ? countdownText(Date.parse(deadline.at) - now) : undefined;
  const sentence = lead && text ? `${lead} ${text}` : '';

  const [announced, setAnnounced] = useState('');
  const last = useRef<{ at: number; key: string }>({ at: 0, key: '' });
  useEffect(() => {
    const key = deadline ? `${deadline.kind}@${deadline.at}` : '';
    const due = Date.now() - last.current.at >= ANNOUNCE_EVERY_MS;
    // A new deadline is said at once; the same one again only every 30 seconds.
    if (sentence && (key !== last.current.key || due)) {
      last.current = { at: Date.now(), key };
      setAnnounced(sentence);
    }
    if (!deadline) setAnnounced('');
  }, [sentence, deadline?.kind, deadline?.at]);

  if (!deadline) return null;
  const overdue = text?.startsWith('overdue');
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
