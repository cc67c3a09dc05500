import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { Policy, Schemas, Visit } from '../shared/api';
import { serverClock } from '../shared/clock';
import { clockTime } from '../shared/time';
import { Checkboxes, ErrorSummary, Radios, TextArea, TextField } from './fields';
import { CANCEL_REASONS, RELATIONSHIPS, type CancelReason, type Relationship } from './words';

/**
 * The forms a step of the visit needs, drawn from the visit's policy (unsafe signs, leaving
 * attestations). Each hands its body to `onSubmit`; the server decides, and its refusal is shown
 * above the form in its own words.
 */

export interface FormProps {
  readonly visit: Visit;
  readonly policy: Policy | undefined;
  readonly userId: string;
  readonly busy: boolean;
  readonly onClose: () => void;
}

function FormFrame(props: { title: string; submit: string; busy: boolean; onSubmit: () => void; onClose: () => void; errors?: ReadonlyArray<readonly [string, string]>; warning?: boolean; children: ComponentChildren }) {
  // Each submit that finds errors moves focus to their summary (GOV.UK's error summary pattern).
  const [attempt, setAttempt] = useState(0);
  return (
    <form
      class="hv-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (props.busy) return;
        setAttempt((count) => count + 1);
        props.onSubmit();
      }}
    >
      <h2 class="govuk-heading-m">{props.title}</h2>
      <ErrorSummary errors={props.errors ?? []} attempt={attempt} />
      {props.children}
      <button type="submit" class={`govuk-button hv-wide hv-big${props.warning ? ' govuk-button--warning' : ''}`} aria-disabled={props.busy ? 'true' : undefined}>
        {props.busy ? 'Sending…' : props.submit}
      </button>
      <button type="button" class="govuk-button govuk-button--secondary hv-wide" onClick={props.onClose}>
        Back
      </button>
    </form>
  );
}

const lines = (text: string) => text.split('\n').map((line) => line.trim()).filter(Boolean);

type Person = { name: string; relationship: Relationship | '' };

export function EnterForm(props: FormProps & { onSubmit: (body: Schemas['EnterBody']) => void }) {
  const staff = props.visit.details.staff;
  const [people, setPeople] = useState<Person[]>([{ name: '', relationship: '' }]);
  const [invitedIn, setInvitedIn] = useState<'yes' | 'no'>();
  const [animals, setAnimals] = useState<Schemas['EnterBody']['animals']>();
  const [unsafe, setUnsafe] = useState<string[]>([]);
  const [staffPresent, setStaffPresent] = useState<string[]>(staff.some((member) => member.userId === props.userId) ? [props.userId] : []);
  const [errors, setErrors] = useState<Array<[string, string]>>([]);
  const indicators = props.policy?.entry.unsafeIndicators ?? [];

  function submit() {
    const named = people.filter((person) => person.name.trim());
    const found: Array<[string, string]> = [];
    if (named.length === 0) found.push(['person-0-name', 'Name at least one person at home']);
    named.forEach((person, index) => {
      if (!person.relationship) found.push([`person-${people.indexOf(person)}-relationship`, `Say who ${person.name.trim() || `person ${index + 1}`} is`]);
    });
    if (!invitedIn) found.push(['invited', 'Say whether you were invited in']);
    if (!animals) found.push(['animals', 'Say whether there are animals']);
    setErrors(found);
    if (found.length > 0 || !animals) return;
    props.onSubmit({
      peoplePresent: named.map((person) => ({ name: person.name.trim(), relationship: person.relationship as Relationship })),
      invitedIn: invitedIn === 'yes',
      animals,
      unsafeIndicators: unsafe,
      ...(staff.length > 1 ? { staffPresent } : {}),
    });
  }

  const errorOf = (field: string) => errors.find(([id]) => id === field)?.[1];
  const update = (index: number, change: Partial<Person>) => setPeople(people.map((person, at) => (at === index ? { ...person, ...change } : person)));

  return (
    <FormFrame title="Going in" submit="Go in" busy={props.busy} onSubmit={submit} onClose={props.onClose} errors={errors}>
      <fieldset class="govuk-fieldset govuk-form-group">
        <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Who is at home?</legend>
        <div class="govuk-hint">Everyone you can see, the pupil too.</div>
        {people.map((person, index) => (
          <div class="hv-person" key={index}>
            <TextField id={`person-${index}-name`} label={`Person ${index + 1}: name`} value={person.name} onInput={(name) => update(index, { name })} autoComplete="off" error={errorOf(`person-${index}-name`)} />
            <div class={`govuk-form-group${errorOf(`person-${index}-relationship`) ? ' govuk-form-group--error' : ''}`}>
              <label class="govuk-label govuk-label--s" for={`person-${index}-relationship`}>Person {index + 1}: who they are</label>
              {errorOf(`person-${index}-relationship`) && (
                <p class="govuk-error-message" id={`person-${index}-relationship-error`}>
                  <span class="govuk-visually-hidden">Error:</span> {errorOf(`person-${index}-relationship`)}
                </p>
              )}
              <select
                class="govuk-select hv-wide"
                id={`person-${index}-relationship`}
                aria-describedby={errorOf(`person-${index}-relationship`) ? `person-${index}-relationship-error` : undefined}
                value={person.relationship}
                onChange={(event) => update(index, { relationship: event.currentTarget.value as Relationship })}
              >
                <option value="">Choose</option>
                {RELATIONSHIPS.map(([value, label]) => (
                  <option key={value} value={value}>{label}</option>
                ))}
              </select>
            </div>
            {people.length > 1 && (
              <button type="button" class="govuk-button govuk-button--secondary hv-small" onClick={() => setPeople(people.filter((_, at) => at !== index))}>
                Remove person {index + 1}
              </button>
            )}
          </div>
        ))}
        <button type="button" class="govuk-button govuk-button--secondary hv-wide" onClick={() => setPeople([...people, { name: '', relationship: '' }])}>
          Add another person
        </button>
      </fieldset>
      <Radios name="invited" legend="Were you invited in?" options={[['yes', 'Yes'], ['no', 'No']]} value={invitedIn} onChange={setInvitedIn} error={errorOf('invited')} />
      <Radios
        name="animals"
        legend="Animals"
        options={[['none', 'No animals'], ['secured', 'Kept in another room'], ['not-secured', 'Loose in the home']]}
        value={animals}
        onChange={setAnimals}
        error={errorOf('animals')}
      />
      {indicators.length > 0 && (
        <Checkboxes
          name="unsafe"
          legend="Anything that makes it unsafe?"
          hint="Tick any you notice. If you tick one, do not go in: leave, and cancel the visit with the reason."
          options={indicators.map((indicator) => [indicator.id, indicator.title] as const)}
          value={unsafe}
          onChange={setUnsafe}
        />
      )}
      {staff.length > 1 && (
        <Checkboxes
          name="staff-present"
          legend="Who from school is at the door?"
          hint="A visit made in a pair goes in only when both of you are here."
          options={staff.map((member) => [member.userId, member.name] as const)}
          value={staffPresent}
          onChange={setStaffPresent}
        />
      )}
    </FormFrame>
  );
}

export function CheckInForm(props: FormProps & { onSubmit: (body: Schemas['CheckInBody']) => void }) {
  const [note, setNote] = useState('');
  const [code, setCode] = useState('');
  const [adult, setAdult] = useState<'yes' | 'no'>();
  const inHome = props.visit.status === 'in-home';
  return (
    <FormFrame
      title="Check in with the office"
      submit="Check in"
      busy={props.busy}
      onClose={props.onClose}
      onSubmit={() =>
        props.onSubmit({
          ...(note.trim() ? { note: note.trim() } : {}),
          ...(code.trim() ? { code: code.trim() } : {}),
          ...(inHome && adult ? { adultPresent: adult === 'yes' } : {}),
        })
      }
    >
      <TextField
        id="check-in-code"
        label="Check-in code"
        hint={props.policy?.checkIns.codeRequired ? 'Your own check-in code: your school asks for it with every check-in.' : 'Your own check-in code.'}
        value={code} onInput={setCode} type="password" inputMode="numeric" autoComplete="off" width="10" />
      {inHome && <Radios name="adult" legend="Is a parent or another responsible adult with you?" options={[['yes', 'Yes'], ['no', 'No']]} value={adult} onChange={setAdult} />}
      <TextField id="check-in-note" label="Anything to tell the office (optional)" value={note} onInput={setNote} />
    </FormFrame>
  );
}

/**
 * A call for help pressed by mistake, called off with the member of staff's cancel PIN (their check-in
 * code). Typed the same way whichever code it is: the duress code here raises a silent alert.
 */
export function CancelAlarmForm(props: FormProps & { alertId: string; onSubmit: (body: Schemas['CancelAlarmBody']) => void }) {
  const [pin, setPin] = useState('');
  const [errors, setErrors] = useState<Array<[string, string]>>([]);
  return (
    <FormFrame
      title="Call off your call for help"
      submit="Call it off: it was a false alarm"
      busy={props.busy}
      onClose={props.onClose}
      errors={errors}
      onSubmit={() => {
        setErrors(pin.trim() ? [] : [['cancel-pin', 'Type your cancel PIN']]);
        if (pin.trim()) props.onSubmit({ alertId: props.alertId, pin: pin.trim() });
      }}
    >
      <TextField id="cancel-pin" label="Your cancel PIN" hint="Your own check-in code. The office is told that it was a false alarm."
        value={pin} onInput={setPin} type="password" inputMode="numeric" autoComplete="off" width="10" error={errors[0]?.[1]} />
    </FormFrame>
  );
}

export function LeaveForm(props: FormProps & { onSubmit: (body: Schemas['LeaveBody']) => void }) {
  const { policy, visit } = props;
  const inHome = visit.status === 'in-home';
  const onLeaving = inHome ? (policy?.checklists.onLeaving ?? []) : [];
  const signatures = inHome && policy && policy.report.signatures !== 'never';
  const doorstepPossible = visit.status === 'at-door' && policy?.entry.doorstepAllowed === true && Boolean(visit.familyAtDoor);
  const [attested, setAttested] = useState<string[]>([]);
  const [facts, setFacts] = useState('');
  const [agreements, setAgreements] = useState('');
  const [opinion, setOpinion] = useState('');
  const [followUp, setFollowUp] = useState<string[]>([]);
  const [signed, setSigned] = useState<string[]>([]);
  const [doorstep, setDoorstep] = useState<string[]>([]);
  return (
    <FormFrame
      title={inHome ? 'Leaving the home' : 'Leaving without going in'}
      submit={inHome ? 'Leave the home' : 'Leave'}
      busy={props.busy}
      onClose={props.onClose}
      onSubmit={() =>
        props.onSubmit({
          ...(onLeaving.length > 0 ? { attestations: attested } : {}),
          ...(doorstep.length > 0 ? { doorstep: true } : {}),
          notes: {
            facts: lines(facts),
            agreements: lines(agreements),
            ...(opinion.trim() ? { professionalOpinion: opinion.trim() } : {}),
            followUpNeeded: followUp.length > 0,
            ...(signatures ? { signatures: { parent: signed.includes('parent'), officer: signed.includes('officer') } } : {}),
          },
        })
      }
    >
      {onLeaving.length > 0 && (
        <Checkboxes
          name="attestations"
          legend="Before you leave, confirm"
          options={onLeaving.map((item) => [item.id, item.required ? `${item.text} (required)` : item.text] as const)}
          value={attested}
          onChange={setAttested}
        />
      )}
      {doorstepPossible && <Checkboxes name="doorstep" legend="At the door" options={[['doorstep', 'We talked with the family at the door and did not go in']]} value={doorstep} onChange={setDoorstep} />}
      <TextArea id="facts" label="What happened (facts)" hint="One fact a line: what you saw and heard." value={facts} onInput={setFacts} />
      <TextArea id="agreements" label="What was agreed" hint="One agreement a line." value={agreements} onInput={setAgreements} />
      <TextArea id="opinion" label="Your professional opinion (optional)" value={opinion} onInput={setOpinion} />
      <Checkboxes name="follow-up" legend="Follow-up" options={[['needed', 'A follow-up is needed']]} value={followUp} onChange={setFollowUp} />
      {signatures && (
        <Checkboxes name="signatures" legend="Signatures" options={[['parent', 'The parent signed the record'], ['officer', 'I signed the record']]} value={signed} onChange={setSigned} />
      )}
    </FormFrame>
  );
}

/** "I need more time": the minutes and why; the school's limit is the server's to apply (a refusal says what is left). */
export function MoreTimeForm(props: FormProps & { onSubmit: (body: Schemas['ExtendTimeBody']) => void }) {
  const [minutes, setMinutes] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Array<[string, string]>>([]);
  const errorOf = (field: string) => errors.find(([id]) => id === field)?.[1];
  return (
    <FormFrame
      title="I need more time"
      submit="Ask for more time"
      busy={props.busy}
      onClose={props.onClose}
      errors={errors}
      onSubmit={() => {
        const more = Number(minutes);
        const found: Array<[string, string]> = [];
        if (!minutes.trim() || !Number.isInteger(more) || more < 1 || more > 120) found.push(['more-minutes', 'Enter how many more minutes you need, as a whole number up to 120']);
        if (!reason.trim()) found.push(['more-reason', 'Say why, for the office']);
        setErrors(found);
        if (found.length === 0) props.onSubmit({ minutes: more, reason: reason.trim() });
      }}
    >
      <TextField id="more-minutes" label="How many more minutes?" hint="Your school's policy says how much more time a visit may take in all."
        value={minutes} onInput={setMinutes} inputMode="numeric" width="5" error={errorOf('more-minutes')} />
      <TextField id="more-reason" label="Why? (the office sees this)" value={reason} onInput={setReason} error={errorOf('more-reason')} />
    </FormFrame>
  );
}

export function LateForm(props: FormProps & { onSubmit: (body: Schemas['ReportLateBody']) => void }) {
  const [minutes, setMinutes] = useState('');
  const [error, setError] = useState<string>();
  const timeZone = props.policy?.timeZone;
  return (
    <FormFrame
      title="The family are running late"
      submit="Tell the office"
      busy={props.busy}
      onClose={props.onClose}
      errors={error ? [['late-minutes', error]] : []}
      onSubmit={() => {
        const late = Number(minutes);
        if (!minutes.trim() || !Number.isInteger(late) || late < 1 || late > 600) return setError('Enter how many minutes late they expect to be, as a whole number');
        setError(undefined);
        void serverClock().then((clock) => {
          const appointment = props.visit.details.appointmentAt ? Date.parse(props.visit.details.appointmentAt) : clock.now();
          props.onSubmit({ expectedAt: new Date(Math.max(appointment, clock.now()) + late * 60_000).toISOString() });
        });
      }}
    >
      <TextField
        id="late-minutes"
        label="How many minutes late?"
        hint={props.visit.details.appointmentAt ? `The appointment is at ${clockTime(props.visit.details.appointmentAt, timeZone)}. Count from then, or from now if that has passed.` : 'Count from now.'}
        value={minutes}
        onInput={setMinutes}
        inputMode="numeric"
        width="5"
        error={error}
      />
    </FormFrame>
  );
}

export function CancelForm(props: FormProps & { onSubmit: (body: Schemas['CancelBody']) => void }) {
  const [reason, setReason] = useState<CancelReason>();
  const [detail, setDetail] = useState('');
  const [unsafe, setUnsafe] = useState<string[]>([]);
  const [errors, setErrors] = useState<Array<[string, string]>>([]);
  const indicators = props.policy?.entry.unsafeIndicators ?? [];
  const errorOf = (field: string) => errors.find(([id]) => id === field)?.[1];
  // The policy's safety reasons go in writing to the role it names: said before the choice is made.
  const safety = CANCEL_REASONS.filter(([id]) => props.policy?.cancellation.safetyReasons.includes(id));
  const noticeTo = props.policy ? props.policy.roles[props.policy.cancellation.writtenNoticeTo]?.title : undefined;
  const hint = safety.length > 0 && noticeTo ? `${props.policy?.schoolName ?? 'The school'} tells the ${noticeTo} in writing of a visit cancelled because ${safety.map(([, words]) => words.toLowerCase()).join(' or ')}.` : undefined;
  return (
    <FormFrame
      title="Cancel the visit"
      submit="Cancel the visit"
      warning
      busy={props.busy}
      onClose={props.onClose}
      errors={errors}
      onSubmit={() => {
        const found: Array<[string, string]> = [];
        if (!reason) found.push(['reason', 'Choose why the visit is cancelled']);
        if (!detail.trim()) found.push(['cancel-detail', 'Say what happened']);
        setErrors(found);
        if (!reason || found.length > 0) return;
        props.onSubmit({ reason, detail: detail.trim(), ...(reason === 'unsafe' ? { unsafeIndicators: unsafe } : {}) });
      }}
    >
      <Radios
        name="reason"
        legend="Why is the visit cancelled?"
        hint={hint}
        options={CANCEL_REASONS}
        value={reason}
        onChange={setReason}
        error={errorOf('reason')}
        reveal={
          indicators.length > 0
            ? { unsafe: <Checkboxes name="cancel-unsafe" legend="What made it unsafe?" options={indicators.map((indicator) => [indicator.id, indicator.title] as const)} value={unsafe} onChange={setUnsafe} /> }
            : {}
        }
      />
      <TextArea id="cancel-detail" label="What happened" hint="This goes on the record in writing." value={detail} onInput={setDetail} error={errorOf('cancel-detail')} />
    </FormFrame>
  );
}

export function ConcernForm(props: FormProps & { onSubmit: (body: Schemas['RaiseConcernBody']) => void }) {
  const [summary, setSummary] = useState('');
  const [error, setError] = useState<string>();
  return (
    <FormFrame
      title="Raise a safeguarding concern"
      submit="Send the concern"
      busy={props.busy}
      onClose={props.onClose}
      errors={error ? [['concern', error]] : []}
      onSubmit={() => {
        if (!summary.trim()) return setError('Describe the concern');
        setError(undefined);
        props.onSubmit({ summary: summary.trim() });
      }}
    >
      <TextArea id="concern" label="What is the concern?" hint="Facts: what you saw and heard. It goes to the safeguarding lead now." value={summary} onInput={setSummary} rows={5} error={error} />
    </FormFrame>
  );
}
