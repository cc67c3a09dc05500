import type { Policy } from '../shared/api';
import { Mark } from '../shared/icons';
import { duration, timeOfDay, when } from '../shared/time';
import type { Gaps } from '../../../functions/core/narrate';
import { gapsSummary } from './gaps-summary';

/** The stretches between the staff's check-ins, each against the policy's limit; those longer are flagged. */
export function GapsView(props: { gaps: Gaps; policy: Policy | null; timeZone: string; asOf: string | undefined }) {
  const { gaps, open } = props.gaps;
  const summary = gapsSummary(gaps);
  const interval = props.policy?.checkIns.intervalMinutes;
  return (
    <section aria-labelledby="gaps-heading">
      <h2 class="govuk-heading-m" id="gaps-heading">Check-ins against the policy</h2>
      <p class="govuk-body">
        {interval
          ? `${props.policy?.schoolName}'s policy: check in every ${interval} minutes while out (setting out is the first check-in); once out of the home, back within ${props.policy?.checkIns.returnWithinMinutes} minutes.`
          : 'The policy that governed this visit is not held any more: the gaps are shown without a limit to judge them by.'}
      </p>
      {gaps.length === 0 && !open && <p class="govuk-body">Nobody set out on this visit{props.asOf ? ' by then' : ''}: there are no check-ins to time.</p>}
      {summary && (
        <>
          <p class={`govuk-body govuk-!-font-weight-bold ${summary.over ? 'hv-audit-over' : ''}`} id="gaps-summary">
            <Mark name={summary.over ? 'warning' : 'ok'} />
            {summary.words}
          </p>
          <table class="govuk-table">
            <caption class="govuk-table__caption govuk-visually-hidden">Each gap between check-ins, with the policy's limit</caption>
            <thead class="govuk-table__head">
              <tr class="govuk-table__row">
                <th scope="col" class="govuk-table__header">From</th>
                <th scope="col" class="govuk-table__header">To</th>
                <th scope="col" class="govuk-table__header">Gap</th>
                <th scope="col" class="govuk-table__header">Against the policy</th>
              </tr>
            </thead>
            <tbody class="govuk-table__body">
              {gaps.map((gap) => (
                <tr class={`govuk-table__row${gap.over ? ' hv-audit-gap--over' : ''}`} key={`${gap.from.version}-${gap.to.version}`}>
                  <td class="govuk-table__cell">
                    {gap.from.label} (v{gap.from.version}), {timeOfDay(gap.from.at, props.timeZone)}
                  </td>
                  <td class="govuk-table__cell">
                    {gap.to.label} (v{gap.to.version}), {timeOfDay(gap.to.at, props.timeZone)}
                  </td>
                  <td class="govuk-table__cell">{duration(gap.minutes * 60_000)}</td>
                  <td class="govuk-table__cell">
                    {gap.limitMinutes === undefined ? (
                      'No limit known'
                    ) : gap.over ? (
                      <strong class="govuk-tag govuk-tag--red">
                        <Mark name="warning" />
                        Longer than {gap.limitMinutes} min: {duration((gap.minutes - gap.limitMinutes) * 60_000)} over
                      </strong>
                    ) : (
                      <span><Mark name="ok" />Within {gap.limitMinutes} min</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {open && (
        <p class="govuk-body">
          {props.asOf ? `At ${when(props.asOf, props.timeZone)} the staff were still out` : 'The record ends with the staff still out'}: the last sign was “{open.label}” (version {open.version}) at{' '}
          {when(open.at, props.timeZone)}.
        </p>
      )}
    </section>
  );
}
