import { useEffect, useState } from 'preact/hooks';
import { narrate } from '../../../functions/core/narrate';
import { api, problemOf, type ApiProblem, type History } from '../shared/api';
import { ProblemSummary } from '../shared/problem';
import { DEFAULT_ZONE, when } from '../shared/time';
import { AsOfPicker } from './as-of';
import { GapsView } from './gaps-view';
import { FiledReport } from './report';
import { Timeline } from './timeline';
import { alteredWords, firstFailure, Readability, Verdict } from './verdict';

/**
 * One visit as the auditor reads it: the chain's verdict first, then the record (now, or as it stood
 * at a chosen time), the check-ins against the policy, and the filed report. Every read of the
 * history is itself recorded by the server, and the page says so.
 */

export const STATUS_WORDS: Record<string, string> = {
  requested: 'waiting for authorisation',
  authorised: 'authorised; the risk being assessed',
  ready: 'ready to set out',
  travelling: 'staff on their way',
  'at-door': 'staff at the door',
  'in-home': 'staff in the home',
  returning: 'staff on their way back',
  returned: 'staff back safely',
  ended: 'ended before anyone set out',
  closed: 'closed; the report being filed',
  filed: 'closed; the report filed',
};

export function VisitAudit(props: { visitId: string; asOf: string | undefined; onAsOf: (asOf: string | undefined) => void; nowHref: string }) {
  const [history, setHistory] = useState<History>();
  const [problem, setProblem] = useState<ApiProblem>();

  useEffect(() => {
    let current = true;
    setProblem(undefined);
    void (async () => {
      try {
        const { data, error, response } = await (await api()).GET('/visits/{id}/history', {
          params: { path: { id: props.visitId }, query: props.asOf ? { asOf: props.asOf } : {} },
        });
        if (!current) return;
        if (data) setHistory(data);
        else {
          setHistory(undefined);
          setProblem(problemOf(response.status, error));
        }
      } catch {
        if (current) setProblem({ status: 0, message: 'The service cannot be reached. Check your connection and reload.' });
      }
    })();
    return () => {
      current = false;
    };
  }, [props.visitId, props.asOf]);

  if (problem) return <ProblemSummary problem={problem} title={`Visit ${props.visitId} could not be opened`} />;
  if (!history || history.visitId !== props.visitId) return <p class="govuk-body" aria-live="polite">Loading the record of visit {props.visitId}…</p>;

  const policy = history.policy;
  const zone = policy?.timeZone ?? DEFAULT_ZONE;
  const failedAt = firstFailure(history);
  const failed = [history.integrity, history.streamIntegrity].find((verdict) => verdict && !verdict.ok && verdict.version === failedAt);
  const state = history.state;
  const told = narrate({ events: history.events, policy, at: (iso) => when(iso, zone) });
  const last = history.events.at(-1);

  return (
    <>
      <h2 class="govuk-heading-l govuk-!-margin-bottom-4">
        <span class="govuk-caption-m">{policy?.schoolName ?? 'Visit'}</span>
        Visit {history.visitId}
      </h2>
      <Verdict history={history} timeZone={zone} />
      <Readability history={history} />
      <AsOfPicker asOf={props.asOf} timeZone={zone} nowHref={props.nowHref} onChange={props.onAsOf} />
      <p class="govuk-body" id="record-state" aria-live="polite">
        {history.asOf ? <strong>As it stood at {when(history.asOf, zone)}: </strong> : <strong>Now: </strong>}
        {state && state.status !== 'none'
          ? `the visit ${history.asOf ? 'was' : 'is'} ${STATUS_WORDS[state.status] ?? state.status}`
          : history.events.length === 0
            ? 'the visit had not been requested yet'
            : 'the visit’s state cannot be read (see above)'}
        {last ? `; ${history.events.length} ${history.events.length === 1 ? 'version' : 'versions'} recorded, the last at ${when(last.recordedAt, zone)}.` : '.'}
      </p>
      <Timeline events={history.events} entries={told.entries} failedAt={failedAt} failedWords={failed && !failed.ok ? alteredWords(failed) : undefined} timeZone={zone} />
      <GapsView gaps={told.gaps} policy={policy} timeZone={zone} asOf={history.asOf} />
      <FiledReport visitId={history.visitId} asOf={history.asOf} />
      <p class="govuk-body-s hv-audit-read">
        Your reading of this record was itself recorded in the visit's audit trail (entry {history.recordedRead.version}, {when(history.recordedRead.recordedAt, zone)}).
      </p>
    </>
  );
}
