import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api, problemOf, type ApiProblem, type BoardRow, type VisitView } from '../shared/api';
import { Mark } from '../shared/icons';
import { ProblemSummary } from '../shared/problem';
import { DecisionForm, type Decided } from './decision-form';
import { OpenAlerts } from './open-alerts';
import { RequestView } from './request-view';
import { RequestsTable } from './requests-table';

/**
 * The authoriser's desk: the visits waiting for authorisation, each opened to read the request and
 * decide. The open visit is in the address (`?visit=`), so it can be linked to and survives a reload.
 */

const REFRESH_MS = 30_000;

function visitInAddress(): string | undefined {
  return new URLSearchParams(location.search).get('visit') ?? undefined;
}

export function Desk() {
  const [rows, setRows] = useState<BoardRow[]>();
  const [listProblem, setListProblem] = useState<ApiProblem>();
  const [openId, setOpenId] = useState(visitInAddress);
  const [decided, setDecided] = useState<Decided>();
  // The board is projected by the workflow just after a decision: a line older than what this desk
  // recorded is not shown (it is no longer waiting), whatever a list fetched in between says.
  const recorded = useRef(new Map<string, number>());
  const banner = useRef<HTMLDivElement>(null);

  const loadList = useCallback(async () => {
    try {
      const { data, error, response } = await (await api()).GET('/visits', { params: { query: { status: 'requested' } } });
      if (data) {
        const current = data.visits.filter((row) => row.version >= (recorded.current.get(row.visitId) ?? 0));
        setRows(current.sort((a, b) => Date.parse(a.appointment?.start ?? a.updatedAt) - Date.parse(b.appointment?.start ?? b.updatedAt)));
        setListProblem(undefined);
      } else setListProblem(problemOf(response.status, error));
    } catch {
      setListProblem({ status: 0, message: 'The service cannot be reached. The list will try again shortly.' });
    }
  }, []);

  useEffect(() => {
    void loadList();
    const timer = setInterval(() => void loadList(), REFRESH_MS);
    const onPop = () => setOpenId(visitInAddress());
    addEventListener('popstate', onPop);
    return () => {
      clearInterval(timer);
      removeEventListener('popstate', onPop);
    };
  }, [loadList]);

  useEffect(() => {
    if (decided) banner.current?.focus();
  }, [decided]);

  function open(visitId: string | undefined) {
    history.pushState(null, '', visitId ? `?visit=${encodeURIComponent(visitId)}` : location.pathname);
    setOpenId(visitId);
    if (visitId) setDecided(undefined);
  }

  function onDecided(result: Decided) {
    recorded.current.set(result.visitId, result.version);
    setDecided(result);
    open(undefined);
    void loadList();
  }

  return (
    <>
      {decided && (
        <div class="govuk-notification-banner govuk-notification-banner--success" role="alert" aria-labelledby="decided-title" tabIndex={-1} ref={banner}>
          <div class="govuk-notification-banner__header">
            <h2 class="govuk-notification-banner__title" id="decided-title">Success</h2>
          </div>
          <div class="govuk-notification-banner__content">
            <p class="govuk-notification-banner__heading">
              <Mark name="ok" />
              Visit {decided.visitId} {decided.decision === 'authorise' ? 'authorised' : 'declined'}.
            </p>
            <p class="govuk-body">
              {decided.decision === 'authorise'
                ? 'The workflow now assesses the risk; the staff see the visit when it is ready.'
                : 'Nobody goes on this visit; your reason is kept in its record.'}
            </p>
          </div>
        </div>
      )}
      {openId ? (
        <OpenVisit visitId={openId} onBack={() => open(undefined)} onDecided={onDecided} onMovedOn={() => void loadList()} />
      ) : (
        <>
          <h2 class="govuk-heading-m">Waiting for your decision</h2>
          <ProblemSummary problem={listProblem} title="The list could not be loaded" />
          <Requests rows={rows} onOpen={open} />
          <button type="button" class="govuk-button govuk-button--secondary" onClick={() => void loadList()}>Check for new requests</button>
          <OpenAlerts />
        </>
      )}
    </>
  );
}

function Requests(props: { rows: BoardRow[] | undefined; onOpen: (visitId: string) => void }) {
  if (!props.rows) return <p class="govuk-body" aria-live="polite">Loading the visits waiting for authorisation…</p>;
  if (props.rows.length === 0) return <p class="govuk-body" aria-live="polite">No visits are waiting for authorisation.</p>;
  return <RequestsTable rows={props.rows} onOpen={props.onOpen} />;
}

function OpenVisit(props: { visitId: string; onBack: () => void; onDecided: (decided: Decided) => void; onMovedOn: () => void }) {
  const [view, setView] = useState<VisitView>();
  const [problem, setProblem] = useState<ApiProblem>();

  const load = useCallback(async () => {
    try {
      const { data, error, response } = await (await api()).GET('/visits/{id}', { params: { path: { id: props.visitId } } });
      if (data) setView(data);
      else setProblem(problemOf(response.status, error));
    } catch {
      setProblem({ status: 0, message: 'The service cannot be reached. Check your connection and reload.' });
    }
  }, [props.visitId]);

  useEffect(() => {
    setView(undefined);
    setProblem(undefined);
    void load();
  }, [load]);

  const back = (
    <p class="govuk-body">
      <a
        href="?"
        class="govuk-link"
        onClick={(event) => {
          event.preventDefault();
          props.onBack();
        }}
      >
        Back to the visits waiting
      </a>
    </p>
  );
  if (problem) return <>{back}<ProblemSummary problem={problem} title="This visit could not be opened" /></>;
  if (!view) return <>{back}<p class="govuk-body" aria-live="polite">Loading visit {props.visitId}…</p></>;
  return (
    <>
      {back}
      <RequestView view={view} />
      {view.status === 'requested' ? (
        <DecisionForm view={view} onDecided={props.onDecided} onMovedOn={props.onMovedOn} />
      ) : (
        <p class="govuk-inset-text">This visit is no longer waiting for authorisation (it is {view.status}).</p>
      )}
    </>
  );
}
