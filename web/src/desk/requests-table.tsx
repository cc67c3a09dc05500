import { useEffect, useState } from 'preact/hooks';
import { api, type BoardRow, type VisitView } from '../shared/api';
import { when } from '../shared/time';
import { OUTCOME_WORDS, purposeWords, RATING_WORDS } from './words';

/**
 * The visits waiting for a decision as an authoriser scans them: the pupil, what for, when, who, and
 * what the risk assessment will say (a visit that cannot be authorised is marked). A board line
 * names none of these, so each visit is read once (and again when its version moves on).
 */
export function RequestsTable(props: { rows: readonly BoardRow[]; onOpen: (visitId: string) => void }) {
  const views = useViews(props.rows);
  return (
    <table class="govuk-table">
      <caption class="govuk-table__caption govuk-visually-hidden">Visits waiting for authorisation, soonest first</caption>
      <thead class="govuk-table__head">
        <tr class="govuk-table__row">
          <th scope="col" class="govuk-table__header">Pupil</th>
          <th scope="col" class="govuk-table__header">Purpose</th>
          <th scope="col" class="govuk-table__header">Setting out</th>
          <th scope="col" class="govuk-table__header">Staff</th>
          <th scope="col" class="govuk-table__header">Risk</th>
        </tr>
      </thead>
      <tbody class="govuk-table__body">
        {props.rows.map((row) => {
          const view = views.get(row.visitId);
          const details = view?.visit.details;
          const preview = view?.riskPreview;
          return (
            <tr class="govuk-table__row" key={row.visitId}>
              <th scope="row" class="govuk-table__header">
                <a
                  class="govuk-link"
                  href={`?visit=${encodeURIComponent(row.visitId)}`}
                  onClick={(event) => {
                    event.preventDefault();
                    props.onOpen(row.visitId);
                  }}
                >
                  Review<span class="govuk-visually-hidden"> visit {row.visitId} for</span> {details?.pupil.name ?? 'the visit'}
                </a>
                <span class="govuk-caption-m">{view?.policy?.schoolName ?? row.schoolId}</span>
              </th>
              <td class="govuk-table__cell">{details ? purposeWords(details, view?.policy ?? null) : '…'}</td>
              <td class="govuk-table__cell">{row.appointment ? when(row.appointment.start, view?.policy?.timeZone) : 'Not known'}</td>
              <td class="govuk-table__cell">{row.staff.join(', ')}</td>
              <td class="govuk-table__cell">
                {preview ? (
                  <>
                    {RATING_WORDS[preview.rating]}: {OUTCOME_WORDS[preview.outcome]}
                    {preview.refused && (
                      <>
                        <br />
                        <strong class="govuk-tag govuk-tag--red">Cannot be authorised</strong>
                      </>
                    )}
                  </>
                ) : view ? (
                  // The staff of a visit never read its risk preview, even an authoriser on it.
                  'Not shown: you are on this visit'
                ) : (
                  '…'
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** Each row's visit, read once per version; a failed read leaves the row with what the board line says. */
function useViews(rows: readonly BoardRow[]): ReadonlyMap<string, VisitView> {
  const [views, setViews] = useState<ReadonlyMap<string, VisitView>>(new Map());
  const wanted = rows.map((row) => `${row.visitId}@${row.version}`).join(',');
  useEffect(() => {
    let current = true;
    void (async () => {
      const client = await api();
      const read = await Promise.all(
        rows.map(async (row) => {
          const known = views.get(row.visitId);
          if (known && known.version >= row.version) return [row.visitId, known] as const;
          const { data } = await client.GET('/visits/{id}', { params: { path: { id: row.visitId } } }).catch(() => ({ data: undefined }));
          return data ? ([row.visitId, data] as const) : undefined;
        }),
      );
      if (current) setViews(new Map(read.filter((entry) => entry !== undefined)));
    })().catch(() => undefined);
    return () => {
      current = false;
    };
  }, [wanted]);
  return views;
}
