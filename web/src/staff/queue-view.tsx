import type { RefObject } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { describeAction, dismissNotAccepted, flush, outboxState, startOutbox, subscribe, type OutboxState } from './outbox';

/** Set by the mounted QueueView: how revealQueued reaches it. */
let revealWhenShown: ((key: string) => void) | undefined;

/**
 * Brings the "Not sent yet" banner into view, and focus, once it shows the action kept under `key`:
 * a step pressed far down a form, without signal, must not leave the only word that it was not sent
 * above the top of the screen.
 */
export function revealQueued(key: string): void {
  revealWhenShown?.(key);
}

/**
 * What this phone has not sent yet, and what the server did not accept: nothing at all when both
 * are empty. Mounting it starts the outbox (send on load, on coming back online, every 15 s while
 * something waits). One polite live region, so a screen reader hears what waits and, when it has gone, that it was sent
 * (in words only it reads), without losing its place.
 */
export function QueueView() {
  const [state, setState] = useState<OutboxState>();
  const [reveal, setReveal] = useState<string>();
  const banner = useRef<HTMLDivElement>(null);
  useEffect(() => {
    revealWhenShown = setReveal;
    return () => {
      revealWhenShown = undefined;
    };
  }, []);
  useEffect(() => {
    if (!reveal || !state?.waiting.some((item) => item.key === reveal)) return;
    // Its top at the top of the screen: the moved-on screen's stage and next step follow it, above the panic bar.
    banner.current?.scrollIntoView({ block: 'start' });
    banner.current?.focus({ preventScroll: true });
    setReveal(undefined);
  }, [reveal, state]);
  useEffect(() => {
    let current = true;
    const refresh = () =>
      void outboxState().then((next) => {
        if (current) setState(next);
      });
    const unsubscribe = subscribe(refresh);
    const stop = startOutbox();
    refresh();
    return () => {
      current = false;
      unsubscribe();
      stop();
    };
  }, []);

  return (
    <div aria-live="polite">
      {state && state.waiting.length > 0 && <Waiting state={state} bannerRef={banner} />}
      {state && state.waiting.length === 0 && state.sent.length > 0 && (
        <p class="govuk-visually-hidden">Sent to the office: {state.sent.map(describeAction).join(', ')}.</p>
      )}
      {state && state.othersWaiting.length > 0 && <OthersWaiting state={state} />}
      {state?.notAccepted.map((item) => (
        <div key={item.key} class="govuk-warning-text">
          <span class="govuk-warning-text__icon" aria-hidden="true">!</span>
          <div class="govuk-warning-text__text">
            <span class="govuk-visually-hidden">Warning: </span>
            <strong>Not accepted: {describeAction(item)}.</strong> The server said: {item.problem.message}
            {item.problem.issues && (
              <ul class="govuk-list govuk-list--bullet">
                {item.problem.issues.map((issue) => (
                  <li key={issue.path}>{issue.path ? `${issue.path}: ` : ''}{issue.message}</li>
                ))}
              </ul>
            )}
            <p class="govuk-body govuk-!-margin-top-2 govuk-!-margin-bottom-0">
              <button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" onClick={() => void dismissNotAccepted(item.key)}>
                I have read this<span class="govuk-visually-hidden">: {describeAction(item)} not accepted</span>
              </button>
            </p>
          </div>
        </div>
      ))}
    </div>
  );
}

const actions = (count: number) => `${count} action${count === 1 ? '' : 's'}`;

function Waiting({ state, bannerRef }: { state: OutboxState; bannerRef: RefObject<HTMLDivElement | null> }) {
  const { waiting, sending, online } = state;
  const only = waiting.length === 1 ? waiting[0] : undefined;
  const lastFailure = waiting[0]?.lastFailure;
  const when = sending ? 'Sending now…' : online ? 'It will be tried again in a few seconds.' : 'It will be sent when you are back online.';
  return (
    <div class="govuk-notification-banner" role="region" aria-labelledby="hv-outbox-title" tabIndex={-1} ref={bannerRef}>
      <div class="govuk-notification-banner__header">
        <h2 class="govuk-notification-banner__title" id="hv-outbox-title">
          <svg width="18" height="18" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <circle cx="12" cy="12" r="10" fill="none" stroke="currentColor" stroke-width="2.5" />
            <path d="M12 6v6l4 3" fill="none" stroke="currentColor" stroke-width="2.5" stroke-linecap="round" />
          </svg>{' '}
          Not sent yet
        </h2>
      </div>
      <div class="govuk-notification-banner__content">
        <p class="govuk-notification-banner__heading">
          Not sent yet: {actions(waiting.length)}
          {only ? ` (${describeAction(only)})` : ':'}
        </p>
        {!only && (
          <ol class="govuk-list govuk-list--number">
            {waiting.map((item) => (
              <li key={item.key}>{describeAction(item)}</li>
            ))}
          </ol>
        )}
        <p class="govuk-body">
          {when} {online && !sending && lastFailure ? `(Last try: ${lastFailure}) ` : ''}The office will see the time you pressed the button.
        </p>
        <button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" onClick={() => void flush({ evenIfOffline: true })}>
          Send now
        </button>
      </div>
    </div>
  );
}

function OthersWaiting({ state }: { state: OutboxState }) {
  const people = [...new Set(state.othersWaiting.map((item) => item.userName))];
  const names = people.join(' and ');
  const one = state.othersWaiting.length === 1;
  return (
    <div class="govuk-inset-text">
      {actions(state.othersWaiting.length)} pressed on this phone by {names} {one ? 'is' : 'are'} not sent yet. {one ? 'It is' : 'They are'} sent only
      when {names} {people.length === 1 ? 'signs' : 'sign'} in here again, never as you.
    </div>
  );
}
