import type { ApiProblem } from './api';

/** The GOV.UK error summary for what the server refused, in its own words (and each field's error). */
export function ProblemSummary(props: { problem: ApiProblem | undefined; title?: string }) {
  const { problem } = props;
  if (!problem) return null;
  return (
    <div class="govuk-error-summary" role="alert" tabIndex={-1}>
      <h2 class="govuk-error-summary__title">{props.title ?? 'There is a problem'}</h2>
      <div class="govuk-error-summary__body">
        <p class="govuk-body">{problem.message}</p>
        {problem.issues && (
          <ul class="govuk-list govuk-error-summary__list">
            {problem.issues.map((issue) => (
              <li key={issue.path}>{issue.path ? `${issue.path}: ` : ''}{issue.message}</li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
