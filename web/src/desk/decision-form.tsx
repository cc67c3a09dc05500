import { useEffect, useRef, useState } from 'preact/hooks';
import { api, problemOf, type ApiProblem, type VisitView } from '../shared/api';
import { ProblemSummary } from '../shared/problem';

/**
 * Authorise (with an optional note, and whether it must be made in a pair where the policy leaves
 * that to the authoriser) or decline (with a reason). What the form checks is only what makes the
 * request whole; every rule (who may authorise, never one's own visit, already decided) is the
 * server's, and its refusal is shown in its words.
 */

/** What the server recorded: the visit's version after the decision (the board's line catches up with it a moment later). */
export type Decided = { readonly visitId: string; readonly decision: 'authorise' | 'decline'; readonly status: string; readonly version: number };

type FieldError = { readonly field: string; readonly message: string };

export function DecisionForm(props: { view: VisitView; onDecided: (decided: Decided) => void; onMovedOn: () => void }) {
  const { view } = props;
  const askPair = view.policy?.staffing.pairs === 'authoriser-decides';
  const [decision, setDecision] = useState<'authorise' | 'decline'>();
  const [note, setNote] = useState('');
  const [pair, setPair] = useState<'yes' | 'no'>();
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [problem, setProblem] = useState<ApiProblem>();
  const [sending, setSending] = useState(false);
  // One key per attempt: a retry after the connection dropped is the same request, answered once.
  const idempotencyKey = useRef<string | undefined>(undefined);
  const summary = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (errors.length > 0 || problem) summary.current?.querySelector<HTMLElement>('[tabindex="-1"]')?.focus();
  }, [errors, problem]);

  function check(): FieldError[] {
    if (!decision) return [{ field: 'decision-authorise', message: 'Choose whether to authorise or decline the visit' }];
    if (decision === 'authorise' && askPair && !pair) return [{ field: 'pair-yes', message: 'Say whether the visit must be made in a pair' }];
    if (decision === 'decline' && !reason.trim()) return [{ field: 'decline-reason', message: 'Say why you are declining the visit' }];
    return [];
  }

  async function submit(event: Event) {
    event.preventDefault();
    const found = check();
    setErrors(found);
    setProblem(undefined);
    if (found.length > 0 || !decision || sending) return;
    setSending(true);
    idempotencyKey.current ??= crypto.randomUUID();
    const path = { id: view.visitId };
    const headers = { 'Idempotency-Key': idempotencyKey.current };
    try {
      const client = await api();
      const result =
        decision === 'authorise'
          ? await client.POST('/visits/{id}/authorise', {
              params: { path, header: headers },
              body: { ...(note.trim() ? { note: note.trim() } : {}), ...(askPair ? { pairRequired: pair === 'yes' } : {}) },
            })
          : await client.POST('/visits/{id}/decline', { params: { path, header: headers }, body: { reason: reason.trim() } });
      idempotencyKey.current = undefined;
      if (result.data) {
        props.onDecided({ visitId: view.visitId, decision, status: result.data.status, version: result.data.version });
        return;
      }
      setProblem(problemOf(result.response.status, result.error));
      // Decided by someone else meanwhile: the list is out of date.
      if (result.response.status === 409) props.onMovedOn();
    } catch {
      setProblem({ status: 0, message: 'The service cannot be reached. Nothing was recorded yet: check your connection and try again.' });
    } finally {
      setSending(false);
    }
  }

  const errorFor = (field: string) => errors.find((error) => error.field === field)?.message;
  const decisionError = errorFor('decision-authorise');
  const pairError = errorFor('pair-yes');
  const reasonError = errorFor('decline-reason');

  return (
    <form onSubmit={(event) => void submit(event)} noValidate aria-labelledby="decision-heading">
      <div ref={summary}>
        {errors.length > 0 && (
          <div class="govuk-error-summary" role="alert" tabIndex={-1}>
            <h2 class="govuk-error-summary__title">There is a problem</h2>
            <div class="govuk-error-summary__body">
              <ul class="govuk-list govuk-error-summary__list">
                {errors.map((error) => (
                  <li key={error.field}>
                    <a
                      href={`#${error.field}`}
                      onClick={(event) => {
                        // As govuk-frontend's error summary does: to the field itself, not just its place.
                        event.preventDefault();
                        document.getElementById(error.field)?.focus();
                      }}
                    >
                      {error.message}
                    </a>
                  </li>
                ))}
              </ul>
            </div>
          </div>
        )}
        <ProblemSummary problem={problem} title={decision === 'decline' ? 'The visit was not declined' : 'The visit was not authorised'} />
      </div>
      <div class={`govuk-form-group${decisionError ? ' govuk-form-group--error' : ''}`}>
        <fieldset class="govuk-fieldset" aria-describedby={decisionError ? 'decision-error' : undefined}>
          <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">
            <h2 class="govuk-fieldset__heading" id="decision-heading">Your decision</h2>
          </legend>
          {decisionError && <p class="govuk-error-message" id="decision-error"><span class="govuk-visually-hidden">Error:</span> {decisionError}</p>}
          <div class="govuk-radios" data-module="govuk-radios">
            <div class="govuk-radios__item">
              <input class="govuk-radios__input" id="decision-authorise" name="decision" type="radio" value="authorise" checked={decision === 'authorise'} onChange={() => setDecision('authorise')} />
              <label class="govuk-label govuk-radios__label" for="decision-authorise">Authorise the visit</label>
            </div>
            {decision === 'authorise' && (
              <div class="govuk-radios__conditional" id="authorise-details">
                <div class="govuk-form-group">
                  <label class="govuk-label" for="authorise-note">Note for the staff (optional)</label>
                  <div class="govuk-hint" id="authorise-note-hint">For example, a condition of the visit. It is kept in the visit's record.</div>
                  <textarea class="govuk-textarea" id="authorise-note" name="note" rows={3} maxLength={2000} aria-describedby="authorise-note-hint" value={note} onInput={(event) => setNote(event.currentTarget.value)} />
                </div>
                {askPair && (
                  <div class={`govuk-form-group${pairError ? ' govuk-form-group--error' : ''}`}>
                    <fieldset class="govuk-fieldset" aria-describedby={pairError ? 'pair-error' : undefined}>
                      <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Must this visit be made in a pair?</legend>
                      {pairError && <p class="govuk-error-message" id="pair-error"><span class="govuk-visually-hidden">Error:</span> {pairError}</p>}
                      <div class="govuk-radios govuk-radios--small govuk-radios--inline">
                        <div class="govuk-radios__item">
                          <input class="govuk-radios__input" id="pair-yes" name="pair" type="radio" value="yes" checked={pair === 'yes'} onChange={() => setPair('yes')} />
                          <label class="govuk-label govuk-radios__label" for="pair-yes">Yes, in a pair</label>
                        </div>
                        <div class="govuk-radios__item">
                          <input class="govuk-radios__input" id="pair-no" name="pair" type="radio" value="no" checked={pair === 'no'} onChange={() => setPair('no')} />
                          <label class="govuk-label govuk-radios__label" for="pair-no">No, one member of staff may go</label>
                        </div>
                      </div>
                    </fieldset>
                  </div>
                )}
              </div>
            )}
            <div class="govuk-radios__item">
              <input class="govuk-radios__input" id="decision-decline" name="decision" type="radio" value="decline" checked={decision === 'decline'} onChange={() => setDecision('decline')} />
              <label class="govuk-label govuk-radios__label" for="decision-decline">Decline the visit</label>
            </div>
            {decision === 'decline' && (
              <div class="govuk-radios__conditional" id="decline-details">
                <div class={`govuk-form-group${reasonError ? ' govuk-form-group--error' : ''}`}>
                  <label class="govuk-label" for="decline-reason">Why you are declining it</label>
                  <div class="govuk-hint" id="decline-reason-hint">The requester reads this, and it is kept in the visit's record.</div>
                  {reasonError && <p class="govuk-error-message" id="decline-reason-error"><span class="govuk-visually-hidden">Error:</span> {reasonError}</p>}
                  <textarea
                    class={`govuk-textarea${reasonError ? ' govuk-textarea--error' : ''}`}
                    id="decline-reason"
                    name="reason"
                    rows={3}
                    maxLength={2000}
                    aria-describedby={`decline-reason-hint${reasonError ? ' decline-reason-error' : ''}`}
                    value={reason}
                    onInput={(event) => setReason(event.currentTarget.value)}
                  />
                </div>
              </div>
            )}
          </div>
        </fieldset>
      </div>
      <button type="submit" class="govuk-button" disabled={sending} aria-disabled={sending}>
        {sending ? 'Recording…' : 'Record my decision'}
      </button>
    </form>
  );
}
