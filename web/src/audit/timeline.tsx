import { Mark } from '../shared/icons';
import { dateOf, timeOfDay, when } from '../shared/time';
import type { NarratedEntry } from '../../../functions/core/narrate';
import type { History } from '../shared/api';

/**
 * Every recorded version in order: when, who, what, and what the chain says of it. The first version
 * that fails is marked in words, with a mark and in colour; those after it are not vouched for.
 */
export function Timeline(props: { events: History['events']; entries: readonly NarratedEntry[]; failedAt: number | undefined; failedWords: string | undefined; timeZone: string }) {
  const { events, entries, failedAt } = props;
  if (events.length === 0) return <p class="govuk-body">Nothing had been recorded by then.</p>;
  return (
    <table class="govuk-table hv-audit-timeline">
      <caption class="govuk-table__caption govuk-table__caption--m">Timeline: {events.length} recorded {events.length === 1 ? 'version' : 'versions'}</caption>
      <thead class="govuk-table__head">
        <tr class="govuk-table__row">
          <th scope="col" class="govuk-table__header">Version</th>
          <th scope="col" class="govuk-table__header">When</th>
          <th scope="col" class="govuk-table__header">Who</th>
          <th scope="col" class="govuk-table__header">What happened</th>
          <th scope="col" class="govuk-table__header">Chain</th>
        </tr>
      </thead>
      <tbody class="govuk-table__body">
        {events.map((event, index) => {
          const { who, words } = entries[index]!;
          // The date once, and again only where it changes: the column reads as times of day.
          const day = dateOf(event.recordedAt, props.timeZone);
          const newDay = index === 0 || dateOf(events[index - 1]!.recordedAt, props.timeZone) !== day;
          const altered = failedAt === event.version;
          const after = failedAt !== undefined && event.version > failedAt;
          return (
            <tr class={`govuk-table__row${altered ? ' hv-audit-event--altered' : ''}`} key={event.version} id={`v${event.version}`}>
              <th scope="row" class="govuk-table__header">{event.version}</th>
              <td class="govuk-table__cell hv-audit-when">
                {newDay && <span class="hv-audit-day">{day}</span>}
                <span class="govuk-visually-hidden">{newDay ? ', ' : `${day}, `}</span>
                {timeOfDay(event.recordedAt, props.timeZone)}
                {event.claimedAt && event.claimedAt !== event.recordedAt && (
                  <span class="govuk-hint govuk-!-margin-bottom-0 hv-audit-claimed">said to have happened {when(event.claimedAt, props.timeZone)}</span>
                )}
              </td>
              <td class="govuk-table__cell">{who}</td>
              <td class="govuk-table__cell">
                <strong>{words.title}</strong>
                {words.details.length > 0 && (
                  <ul class="govuk-list govuk-body-s govuk-!-margin-bottom-0">
                    {words.details.map((detail, index) => <li key={index}>{detail}</li>)}
                  </ul>
                )}
              </td>
              <td class="govuk-table__cell hv-audit-chain">
                {altered ? (
                  <strong class="govuk-tag govuk-tag--red">
                    <Mark name="fail" />
                    Altered
                    <span class="govuk-visually-hidden">: {props.failedWords}</span>
                  </strong>
                ) : after ? (
                  <span class="hv-audit-unverified"><Mark name="none" />After the break</span>
                ) : (
                  <span><Mark name="ok" />Verifies</span>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
