import { useEffect, useState } from 'preact/hooks';
import { api, problemOf, type ApiProblem, type BoardRow } from '../shared/api';
import type { paths } from '../shared/api-schema';
import { ProblemSummary } from '../shared/problem';
import { VisitsTable } from '../shared/visits-table';

/**
 * Finding a visit to audit: by its reference, or from the visits at a stage (the board's list, which
 * auditors may read: filed ones by default).
 */

type Status = NonNullable<NonNullable<paths['/visits']['get']['parameters']['query']>['status']>;

const LISTS: ReadonlyArray<{ status: Status; words: string }> = [
  { status: 'filed', words: 'Closed, with the report filed' },
  { status: 'active', words: 'Under way, or waiting on someone' },
  { status: 'ended', words: 'Ended before anyone set out' },
  { status: 'closed', words: 'Closed, the report being filed' },
  { status: 'requested', words: 'Waiting for authorisation' },
];

export function Finder(props: { onOpen: (visitId: string) => void; hrefFor: (visitId: string) => string }) {
  const [reference, setReference] = useState('');
  const [error, setError] = useState<string>();
  const [status, setStatus] = useState<Status>('filed');
  const [rows, setRows] = useState<BoardRow[]>();
  const [problem, setProblem] = useState<ApiProblem>();

  useEffect(() => {
    setRows(undefined);
    setProblem(undefined);
    void (async () => {
      try {
        const { data, error: refusal, response } = await (await api()).GET('/visits', { params: { query: { status } } });
        if (data) setRows([...data.visits].sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt)));
        else setProblem(problemOf(response.status, refusal));
      } catch {
        setProblem({ status: 0, message: 'The service cannot be reached. Check your connection and reload.' });
      }
    })();
  }, [status]);

  function find(event: Event) {
    event.preventDefault();
    const visitId = reference.trim();
    if (!visitId) {
      setError('Enter the visit’s reference');
      document.getElementById('visit-reference')?.focus();
      return;
    }
    setError(undefined);
    props.onOpen(visitId);
  }

  return (
    <>
      <form onSubmit={find} noValidate>
        <div class={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
          <h2 class="govuk-label-wrapper">
            <label class="govuk-label govuk-label--m" for="visit-reference">Find a visit by its reference</label>
          </h2>
          <div class="govuk-hint" id="visit-reference-hint">As it appears on the report or the board, for example demo-1a2b3c4d.</div>
          {error && (
            <p class="govuk-error-message" id="visit-reference-error">
              <span class="govuk-visually-hidden">Error:</span> {error}
            </p>
          )}
          <input
            class={`govuk-input govuk-input--width-20${error ? ' govuk-input--error' : ''}`}
            id="visit-reference"
            name="visit"
            type="text"
            spellcheck={false}
            autocomplete="off"
            value={reference}
            aria-describedby={`visit-reference-hint${error ? ' visit-reference-error' : ''}`}
            onInput={(event) => setReference(event.currentTarget.value)}
          />
        </div>
        <button type="submit" class="govuk-button">Open its record</button>
      </form>

      <h2 class="govuk-heading-m">Or choose from the visits</h2>
      <div class="govuk-form-group">
        <label class="govuk-label" for="visit-list">Show the visits that are</label>
        <select class="govuk-select" id="visit-list" value={status} onChange={(event) => setStatus(event.currentTarget.value as Status)}>
          {LISTS.map((list) => (
            <option key={list.status} value={list.status}>{list.words}</option>
          ))}
        </select>
      </div>
      <ProblemSummary problem={problem} title="The visits could not be listed" />
      {!problem && !rows && <p class="govuk-body" aria-live="polite">Loading the visits…</p>}
      {rows && rows.length === 0 && <p class="govuk-body" aria-live="polite">No visits are at that stage.</p>}
      {rows && rows.length > 0 && (
        <VisitsTable rows={rows} caption="Visits, the latest change first" linkWord="Audit" hrefFor={props.hrefFor} onOpen={props.onOpen} />
      )}
    </>
  );
}
