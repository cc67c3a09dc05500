import { createContext, type ComponentChildren } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { ApiProblem } from '../shared/api';
import { ProblemSummary } from '../shared/problem';
import { fateOf, sendAction, subscribe } from './outbox';

/**
 * The panic control on every screen of the staff page: fixed at the bottom, pressed and held for
 * HOLD_MS (a finger, a mouse, or Space/Enter held down as long), with a bar that fills while it is
 * held. Let go early, or slide off the button, and nothing is sent, and the page says so. A tap is never an alarm.
 *
 * `visitId` is the visit the alarm is for: the open one, or the one under way. With none, the page
 * says who to call instead.
 */
export const HOLD_MS = 1500;

/**
 * What the open visit tells the call-for-help panel as the office answers: who has the alert, or
 * that the member of staff called it off. Read from the staff view, which never shows a duress alert.
 */
export interface PanicNews {
  /** The name of whoever in the office said "I have it". */
  readonly acknowledgedBy?: string;
  readonly calledOff?: boolean;
}
export const PanicNewsContext = createContext<(news: PanicNews) => void>(() => undefined);

type PanicState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'holding' }
  | { readonly kind: 'released-early' }
  | { readonly kind: 'sending' }
  | { readonly kind: 'sent' }
  | { readonly kind: 'queued'; readonly why: string; readonly key: string }
  | { readonly kind: 'no-visit' }
  | { readonly kind: 'failed'; readonly problem: ApiProblem };

export function PanicFrame(props: { visitId: string | undefined; children: ComponentChildren }) {
  const [state, setState] = useState<PanicState>({ kind: 'idle' });
  const [heardBy, setHeardBy] = useState<string>();
  const tell = useCallback((news: PanicNews) => {
    setHeardBy(news.acknowledgedBy);
    if (news.calledOff) setState((now) => (now.kind === 'sent' ? { kind: 'idle' } : now));
  }, []);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const target = useRef(props.visitId);
  target.current = props.visitId;
  const outcome = useRef<HTMLDivElement>(null);

  useEffect(() => () => clearTimeout(timer.current), []);
  // A call for help kept on the phone: once the outbox has delivered it, the page says so, not "not sent".
  const queuedKey = state.kind === 'queued' ? state.key : undefined;
  useEffect(() => {
    if (!queuedKey) return;
    const check = () =>
      void fateOf(queuedKey).then((fate) => {
        if (fate === 'sent') setState((now) => (now.kind === 'queued' && now.key === queuedKey ? { kind: 'sent' } : now));
      });
    return subscribe(check);
  }, [queuedKey]);
  useEffect(() => {
    if (state.kind === 'sent' || state.kind === 'queued' || state.kind === 'no-visit' || state.kind === 'failed') outcome.current?.focus();
  }, [state.kind]);

  async function complete() {
    timer.current = undefined;
    const visitId = target.current;
    if (!visitId) return setState({ kind: 'no-visit' });
    setState({ kind: 'sending' });
    const sent = await sendAction(visitId, 'panic', {});
    if (sent.queued) setState({ kind: 'queued', why: sent.why, key: sent.key });
    else if (sent.ok) setState({ kind: 'sent' });
    else setState({ kind: 'failed', problem: sent.problem });
  }

  function start() {
    if (timer.current || state.kind === 'sending') return;
    setState({ kind: 'holding' });
    timer.current = setTimeout(() => void complete(), HOLD_MS);
  }

  function release() {
    if (!timer.current) return;
    clearTimeout(timer.current);
    timer.current = undefined;
    setState({ kind: 'released-early' });
  }

  const holding = state.kind === 'holding';
  const status =
    state.kind === 'holding' ? 'Keep holding…'
    : state.kind === 'released-early' ? 'Keep holding to send. Nothing was sent.'
    : state.kind === 'sending' ? 'Sending the alert…'
    : '';

  return (
    <>
      <PanicOutcome state={state} focusRef={outcome} heardBy={heardBy} />
      <PanicNewsContext.Provider value={tell}>{props.children}</PanicNewsContext.Provider>
      <div class="hv-panic" role="region" aria-label="Call for help">
        <button
          type="button"
          class={`hv-panic__button${holding ? ' hv-panic__button--holding' : ''}`}
          aria-describedby="hv-panic-hint"
          onPointerDown={(event) => {
            if (event.button !== 0) return;
            event.preventDefault();
            event.currentTarget.setPointerCapture?.(event.pointerId);
            start();
          }}
          onPointerMove={(event) => {
            // Captured, the button hears the pointer wherever it goes: a finger slid off it means "no", as on any hold-to-confirm control.
            if (!timer.current) return;
            const box = event.currentTarget.getBoundingClientRect();
            if (event.clientX < box.left || event.clientX > box.right || event.clientY < box.top || event.clientY > box.bottom) release();
          }}
          onPointerUp={release}
          onPointerCancel={release}
          onLostPointerCapture={release}
          onContextMenu={(event) => event.preventDefault()}
          onKeyDown={(event) => {
            if (event.key !== ' ' && event.key !== 'Enter') return;
            event.preventDefault();
            if (!event.repeat) start();
          }}
          onKeyUp={(event) => {
            if (event.key !== ' ' && event.key !== 'Enter') return;
            event.preventDefault();
            release();
          }}
          onBlur={release}
        >
          <span class="hv-panic__label">
            <span class="hv-panic__icon" aria-hidden="true">!</span> Hold to call for help
          </span>
          <span class="hv-panic__track" aria-hidden="true">
            <span class="hv-panic__fill" />
          </span>
        </button>
        <p id="hv-panic-hint" class="hv-panic__hint">
          Press and hold until the bar is full (about 1.5 seconds), or hold down Space or Enter. <span role="status">{status}</span>
        </p>
      </div>
    </>
  );
}

function PanicOutcome(props: { state: PanicState; focusRef: { current: HTMLDivElement | null }; heardBy: string | undefined }) {
  const { state } = props;
  if (state.kind === 'sent') {
    // Only what is known: the alert reached the office; that someone has it once they say so.
    return (
      <div class="govuk-panel govuk-panel--confirmation hv-panic-outcome" role="alert" tabIndex={-1} ref={props.focusRef}>
        <h2 class="govuk-panel__title hv-panic-outcome__title">
          {props.heardBy ? `The office has your alert: ${props.heardBy} has it` : 'The office has been alerted'}
        </h2>
        <div class="govuk-panel__body hv-panic-outcome__body">If you can, get somewhere safe. If you can speak, call 999.</div>
      </div>
    );
  }
  if (state.kind === 'queued') {
    return (
      <div class="govuk-error-summary" role="alert" tabIndex={-1} ref={props.focusRef}>
        <h2 class="govuk-error-summary__title">Not sent yet: call 999 if you can</h2>
        <div class="govuk-error-summary__body">
          <p class="govuk-body">{state.why} Your alert is kept on this phone and goes to the office as soon as it can.</p>
          <a class="govuk-button govuk-button--warning hv-wide" href="tel:999">Call 999</a>
        </div>
      </div>
    );
  }
  if (state.kind === 'no-visit') {
    return (
      <div class="govuk-error-summary" role="alert" tabIndex={-1} ref={props.focusRef}>
        <h2 class="govuk-error-summary__title">You have no visit under way: call 999</h2>
        <div class="govuk-error-summary__body">
          <p class="govuk-body">No alert was sent, because no visit of yours is under way. If you are in danger, call 999 now, then the school office.</p>
          <a class="govuk-button govuk-button--warning hv-wide" href="tel:999">Call 999</a>
        </div>
      </div>
    );
  }
  if (state.kind === 'failed') {
    return (
      <div ref={props.focusRef} tabIndex={-1}>
        <ProblemSummary problem={state.problem} title="The alert was not sent: call 999" />
        <a class="govuk-button govuk-button--warning hv-wide" href="tel:999">Call 999</a>
      </div>
    );
  }
  return null;
}
