import { useEffect, useState } from 'preact/hooks';
import { fromLocalInput, toLocalInput } from '../shared/time';

/**
 * "Show the record as it stood at": a date and time on the school's clocks (to the second), sent to
 * the history as `asOf`. Everything recorded during that second is included.
 */
export function AsOfPicker(props: { asOf: string | undefined; timeZone: string; nowHref: string; onChange: (asOf: string | undefined) => void }) {
  const [value, setValue] = useState(props.asOf ? toLocalInput(props.asOf, props.timeZone) : '');
  const [error, setError] = useState<string>();

  useEffect(() => {
    setValue(props.asOf ? toLocalInput(props.asOf, props.timeZone) : '');
  }, [props.asOf, props.timeZone]);

  function submit(event: Event) {
    event.preventDefault();
    const asOf = fromLocalInput(value, props.timeZone);
    if (!asOf) {
      setError('Enter a date and a time, for example 23/11/2026 10:15:00');
      return;
    }
    setError(undefined);
    props.onChange(asOf);
  }

  return (
    <form class="hv-audit-as-of" onSubmit={submit} noValidate>
      <div class={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
        <label class="govuk-label govuk-label--s" for="as-of">Show the record as it stood at</label>
        <div class="govuk-hint" id="as-of-hint">The school's time ({props.timeZone}), to the second.</div>
        {error && (
          <p class="govuk-error-message" id="as-of-error">
            <span class="govuk-visually-hidden">Error:</span> {error}
          </p>
        )}
        <input
          class={`govuk-input govuk-input--width-20${error ? ' govuk-input--error' : ''}`}
          id="as-of"
          name="asOf"
          type="datetime-local"
          step={1}
          value={value}
          aria-describedby={`as-of-hint${error ? ' as-of-error' : ''}`}
          onInput={(event) => setValue(event.currentTarget.value)}
        />
      </div>
      <div class="govuk-button-group">
        <button type="submit" class="govuk-button govuk-button--secondary">Show the record then</button>
        {props.asOf && (
          <a
            class="govuk-link"
            href={props.nowHref}
            onClick={(event) => {
              event.preventDefault();
              props.onChange(undefined);
            }}
          >
            Show the record as it is now
          </a>
        )}
      </div>
    </form>
  );
}
