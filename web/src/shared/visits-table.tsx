import type { BoardRow } from './api';
import { when } from './time';

/**
 * A list of visits (board lines), each opened by a link: "Review visit …" on the desk, "Audit visit
 * …" on the audit page. The link has a real address (it can be opened in a new tab); a plain click
 * opens the visit in place.
 */
export function VisitsTable(props: {
  rows: readonly BoardRow[];
  /** Says how the rows are ordered, for screen readers. */
  caption: string;
  /** The verb on each link: "Review", "Audit". */
  linkWord: string;
  hrefFor: (visitId: string) => string;
  onOpen: (visitId: string) => void;
}) {
  return (
    <table class="govuk-table">
      <caption class="govuk-table__caption govuk-visually-hidden">{props.caption}</caption>
      <thead class="govuk-table__head">
        <tr class="govuk-table__row">
          <th scope="col" class="govuk-table__header">Visit</th>
          <th scope="col" class="govuk-table__header">School</th>
          <th scope="col" class="govuk-table__header">Staff</th>
          <th scope="col" class="govuk-table__header">Setting out</th>
          <th scope="col" class="govuk-table__header">Last change</th>
        </tr>
      </thead>
      <tbody class="govuk-table__body">
        {props.rows.map((row) => (
          <tr class="govuk-table__row" key={row.visitId}>
            <th scope="row" class="govuk-table__header">
              <a
                class="govuk-link"
                href={props.hrefFor(row.visitId)}
                onClick={(event) => {
                  event.preventDefault();
                  props.onOpen(row.visitId);
                }}
              >
                {props.linkWord}<span class="govuk-visually-hidden"> visit</span> {row.visitId}
              </a>
            </th>
            <td class="govuk-table__cell">{row.schoolId}</td>
            <td class="govuk-table__cell">{row.staff.join(', ')}</td>
            <td class="govuk-table__cell">{row.appointment ? when(row.appointment.start) : 'Not known'}</td>
            <td class="govuk-table__cell">{when(row.updatedAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
