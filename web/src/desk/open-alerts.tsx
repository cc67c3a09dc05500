import { useEffect, useState } from 'preact/hooks';
import { api, type BoardRow } from '../shared/api';
import { Mark } from '../shared/icons';
import { when } from '../shared/time';
import { ALERT_WORDS, capitalised } from '../shared/words';

/**
 * The open alerts and safeguarding concerns on visits under way, as the board lists them: what kind,
 * how far it has climbed, since when, and who has it. Answering them is the office board's work;
 * the desk only shows that they are there.
 */

const REFRESH_MS = 30_000;

export function OpenAlerts() {
  const [rows, setRows] = useState<BoardRow[]>();
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    const load = async () => {
      try {
        const { data } = await (await api()).GET('/visits', { params: { query: { status: 'active' } } });
        setFailed(!data);
        if (data) setRows(data.visits.filter((row) => (row.alerts ?? []).length > 0));
      } catch {
        setFailed(true);
      }
    };
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, []);

  return (
    <section aria-labelledby="alerts-heading">
      <h2 class="govuk-heading-m" id="alerts-heading">Open alerts and safeguarding concerns</h2>
      {failed && <p class="govuk-body">The open alerts could not be loaded; the office board shows them.</p>}
      {rows && rows.length === 0 && <p class="govuk-body">None open.</p>}
      {rows && rows.length > 0 && (
        <>
          <ul class="govuk-list hv-desk-alerts">
            {rows.flatMap((row) =>
              row.alerts.map((alert) => (
                <li key={alert.alertId} class="hv-desk-alert">
                  <strong class="govuk-tag govuk-tag--red">
                    <Mark name="warning" />
                    {capitalised(ALERT_WORDS[alert.kind] ?? alert.kind)}
                    {alert.level > 0 ? `, level ${alert.level}` : ''}
                  </strong>{' '}
                  Visit {row.visitId} ({row.staff.join(', ')}), raised {when(alert.raisedAt)}.{' '}
                  {alert.acknowledgedBy ? `${alert.acknowledgedBy} has it (since ${when(alert.acknowledgedAt)}).` : 'Nobody has said they have it yet.'}
                </li>
              )),
            )}
          </ul>
          <p class="govuk-body">
            <a class="govuk-link" href="/board.html">Answer them on the office board</a>
          </p>
        </>
      )}
    </section>
  );
}
