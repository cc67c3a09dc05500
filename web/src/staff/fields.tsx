import { Fragment, type ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

/** GOV.UK form fields as the staff forms use them: every control labelled, hints tied to their controls. */

/** The ids a control (or a fieldset) is described by: its hint and its error, where it has them. */
const describedByOf = (id: string, hint: string | undefined, error: string | undefined): string | undefined =>
  [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;

/** A field's hint and error message, under its label or legend, with the ids describedByOf names. */
function HintAndError(props: { id: string; hint: string | undefined; error: string | undefined }) {
  return (
    <>
      {props.hint && <div id={`${props.id}-hint`} class="govuk-hint">{props.hint}</div>}
      {props.error && (
        <p id={`${props.id}-error`} class="govuk-error-message">
          <span class="govuk-visually-hidden">Error:</span> {props.error}
        </p>
      )}
    </>
  );
}

export function TextField(props: {
  id: string;
  label: string;
  hint?: string;
  value: string;
  onInput: (value: string) => void;
  type?: 'text' | 'password';
  inputMode?: 'text' | 'numeric';
  autoComplete?: string;
  width?: 'full' | '5' | '10' | '20';
  error?: string;
}) {
  const describedBy = describedByOf(props.id, props.hint, props.error);
  return (
    <div class={`govuk-form-group${props.error ? ' govuk-form-group--error' : ''}`}>
      <label class="govuk-label govuk-label--s" for={props.id}>{props.label}</label>
      <HintAndError id={props.id} hint={props.hint} error={props.error} />
      <input
        class={`govuk-input hv-input${props.width && props.width !== 'full' ? ` govuk-input--width-${props.width}` : ''}${props.error ? ' govuk-input--error' : ''}`}
        id={props.id}
        name={props.id}
        // Preact types a password input apart from a text one; both take the same attributes here.
        type={(props.type ?? 'text') as 'text'}
        inputMode={props.inputMode}
        autoComplete={props.autoComplete ?? 'off'}
        spellcheck={false}
        value={props.value}
        aria-describedby={describedBy}
        onInput={(event) => props.onInput(event.currentTarget.value)}
      />
    </div>
  );
}

export function TextArea(props: { id: string; label: string; hint?: string; value: string; onInput: (value: string) => void; rows?: number; error?: string }) {
  const describedBy = describedByOf(props.id, props.hint, props.error);
  return (
    <div class={`govuk-form-group${props.error ? ' govuk-form-group--error' : ''}`}>
      <label class="govuk-label govuk-label--s" for={props.id}>{props.label}</label>
      <HintAndError id={props.id} hint={props.hint} error={props.error} />
      <textarea
        class={`govuk-textarea${props.error ? ' govuk-textarea--error' : ''}`}
        id={props.id}
        name={props.id}
        rows={props.rows ?? 3}
        value={props.value}
        aria-describedby={describedBy}
        onInput={(event) => props.onInput(event.currentTarget.value)}
      />
    </div>
  );
}

/** GOV.UK's fieldset for a choice: the legend, its hint and error, tied to the group by aria-describedby. */
function ChoiceGroup(props: { name: string; legend: string; hint?: string | undefined; error?: string | undefined; children: ComponentChildren }) {
  const describedBy = describedByOf(props.name, props.hint, props.error);
  return (
    <div class={`govuk-form-group${props.error ? ' govuk-form-group--error' : ''}`}>
      <fieldset class="govuk-fieldset" aria-describedby={describedBy}>
        <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{props.legend}</legend>
        <HintAndError id={props.name} hint={props.hint} error={props.error} />
        {props.children}
      </fieldset>
    </div>
  );
}

export function Radios<T extends string>(props: {
  name: string;
  legend: string;
  hint?: string;
  options: ReadonlyArray<readonly [T, string]>;
  value: T | undefined;
  onChange: (value: T) => void;
  error?: string;
  /** What opens under an option when it is chosen (GOV.UK's conditional reveal). */
  reveal?: Partial<Record<T, ComponentChildren>>;
}) {
  return (
    <ChoiceGroup name={props.name} legend={props.legend} hint={props.hint} error={props.error}>
      <div class="govuk-radios" id={props.name}>
        {props.options.map(([value, label]) => (
          <Fragment key={value}>
            <div class="govuk-radios__item">
              <input class="govuk-radios__input" id={`${props.name}-${value}`} name={props.name} type="radio" value={value} checked={props.value === value} onChange={() => props.onChange(value)} />
              <label class="govuk-label govuk-radios__label" for={`${props.name}-${value}`}>{label}</label>
            </div>
            {props.reveal?.[value] && props.value === value && <div class="govuk-radios__conditional">{props.reveal[value]}</div>}
          </Fragment>
        ))}
      </div>
    </ChoiceGroup>
  );
}

export function Checkboxes(props: {
  name: string;
  legend: string;
  hint?: string;
  options: ReadonlyArray<readonly [string, string]>;
  value: readonly string[];
  onChange: (value: string[]) => void;
  error?: string;
}) {
  return (
    <ChoiceGroup name={props.name} legend={props.legend} hint={props.hint} error={props.error}>
      <div class="govuk-checkboxes" id={props.name}>
        {props.options.map(([value, label]) => (
          <div class="govuk-checkboxes__item" key={value}>
            <input
              class="govuk-checkboxes__input"
              id={`${props.name}-${value}`}
              name={props.name}
              type="checkbox"
              value={value}
              checked={props.value.includes(value)}
              onChange={(event) => props.onChange(event.currentTarget.checked ? [...props.value, value] : props.value.filter((item) => item !== value))}
            />
            <label class="govuk-label govuk-checkboxes__label" for={`${props.name}-${value}`}>{label}</label>
          </div>
        ))}
      </div>
    </ChoiceGroup>
  );
}

/**
 * A client-side check's error summary: each error linked to its field, as GOV.UK does, and focused
 * on each `attempt` (a submit) that finds errors, so the person (and a screen reader) starts from it.
 */
export function ErrorSummary(props: { errors: ReadonlyArray<readonly [string, string]>; attempt: number }) {
  const summary = useRef<HTMLDivElement>(null);
  const found = props.errors.length > 0;
  useEffect(() => {
    if (found) summary.current?.focus();
  }, [props.attempt]);
  if (!found) return null;
  return (
    <div class="govuk-error-summary" role="alert" tabIndex={-1} ref={summary}>
      <h2 class="govuk-error-summary__title">There is a problem</h2>
      <div class="govuk-error-summary__body">
        <ul class="govuk-list govuk-error-summary__list">
          {props.errors.map(([field, message]) => (
            <li key={field}><a href={`#${field}`}>{message}</a></li>
          ))}
        </ul>
      </div>
    </div>
  );
}
