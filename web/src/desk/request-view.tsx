import type { ComponentChildren } from 'preact';
import { type Policy, type Visit, type VisitView } from '../shared/api';
import { Mark } from '../shared/icons';
import { when } from '../shared/time';
import {
  actorWords,
  ANIMAL_WORDS,
  kindWords,
  OUTCOME_WORDS,
  PAIRS_WORDS,
  RATING_WORDS,
  purposeWords,
  riskQuestions,
  staffRoleTitle,
} from './words';

/**
 * What the authoriser reads before deciding: the visit as requested (why, when, who, where), the
 * policy's before-visit checks and things to carry ticked or not, the answers to the risk
 * questions, and what the risk assessment will make of them (the server's `riskPreview`: the page
 * computes no rule), so the authoriser decides with what the workflow will decide.
 */
export function RequestView(props: { view: VisitView }) {
  const { view } = props;
  const visit = view.visit;
  const { details } = visit;
  const policy = view.policy;
  const zone = policy?.timeZone;
  return (
    <>
      <h2 class="govuk-heading-m" id="request-heading">
        Visit {view.visitId}
        <span class="govuk-caption-m">{policy?.schoolName ?? view.summary?.schoolId}</span>
      </h2>
      <dl class="govuk-summary-list">
        <Row label="Pupil">{details.pupil.name}</Row>
        <Row label="Address">{details.address}</Row>
        <Row label="Purpose">{purposeWords(details, policy)}</Row>
        <Row label="Why this visit">{details.purposeDetail}</Row>
        <Row label="Kind of visit">{kindWords(details, policy)}</Row>
        {details.appointmentAt && <Row label="Appointment">{when(details.appointmentAt, zone)}</Row>}
        <Row label="Setting out">{when(details.plannedStartAt, zone)}</Row>
        <Row label="Expected back">{when(details.expectedReturnAt, zone)}</Row>
        <Row label="Staff">
          <ul class="govuk-list govuk-!-margin-bottom-0">
            {details.staff.map((member) => {
              const title = staffRoleTitle(member, policy);
              return <li key={member.userId}>{member.name}{title ? `, ${title}` : ''}</li>;
            })}
          </ul>
        </Row>
        {details.loneVisitReason && <Row label="Why alone">{details.loneVisitReason}</Row>}
        {details.eveningJustification && <Row label="Why outside the school day">{details.eveningJustification}</Row>}
        {policy?.staffing.safeWordRequired && <Row label="Code word">{details.safeWordAgreed ? 'Agreed with the pair and the school' : 'Not agreed'}</Row>}
        <Row label="Requested by">{actorWords(visit.requested.by)}, {when(visit.requested.at, zone)}</Row>
      </dl>
      {policy && <p class="govuk-inset-text">{PAIRS_WORDS[policy.staffing.pairs]}</p>}

      {(visit.rescheduled ?? []).length > 0 && (
        <>
          <h3 class="govuk-heading-s">Changes since it was requested</h3>
          <ul class="govuk-list govuk-list--bullet">
            {(visit.rescheduled ?? []).map((change) => (
              <li key={change.at}>
                {when(change.at, zone)}, {actorWords(change.by)}: {change.reason}
                {change.reauthorise ? ' (sent back to be authorised again)' : ''}
              </li>
            ))}
          </ul>
        </>
      )}

      <Checklist
        title="Checks made before the visit"
        items={policy?.checklists.beforeVisit ?? []}
        done={details.preVisitChecks}
        doneWord="Done"
      />
      <Checklist title="Things staff will carry" items={policy?.checklists.toCarry ?? []} done={details.carrying} doneWord="Will carry" />
      {view.riskPreview && <RiskVerdict preview={view.riskPreview} />}
      <RiskInputs details={details} policy={policy} />
    </>
  );
}

function Row(props: { label: string; children: ComponentChildren }) {
  return (
    <div class="govuk-summary-list__row">
      <dt class="govuk-summary-list__key">{props.label}</dt>
      <dd class="govuk-summary-list__value">{props.children}</dd>
    </div>
  );
}

/** The policy's list, item by item: done or not, and whether the policy requires it. Ids the policy does not list are shown as given. */
function Checklist(props: { title: string; items: Policy['checklists']['beforeVisit']; done: readonly string[]; doneWord: string }) {
  const known = new Set(props.items.map((item) => item.id));
  const extra = props.done.filter((id) => !known.has(id));
  if (props.items.length === 0 && extra.length === 0) return null;
  return (
    <>
      <h3 class="govuk-heading-s">{props.title}</h3>
      <ul class="govuk-list hv-desk-checks">
        {props.items.map((item) => {
          const done = props.done.includes(item.id);
          return (
            <li key={item.id} class="hv-desk-check">
              <Mark name={done ? 'ok' : item.required ? 'fail' : 'none'} />
              <span>
                <strong>{done ? props.doneWord : item.required ? 'Not done (required)' : 'Not done'}:</strong> {item.text}
              </span>
            </li>
          );
        })}
        {extra.map((id) => (
          <li key={id} class="hv-desk-check">
            <Mark name="ok" />
            <span>
              <strong>{props.doneWord}:</strong> {id} (not on the policy's list)
            </span>
          </li>
        ))}
      </ul>
    </>
  );
}

/** The risk assessment the workflow will make, before the decision: its rating, outcome and reasons, and whether authorising would be refused. */
function RiskVerdict(props: { preview: NonNullable<VisitView['riskPreview']> }) {
  const { preview } = props;
  return (
    <div class={preview.refused ? 'govuk-warning-text' : 'govuk-inset-text'} data-testid="risk-verdict">
      {preview.refused && <span class="govuk-warning-text__icon" aria-hidden="true">!</span>}
      <div class={preview.refused ? 'govuk-warning-text__text' : undefined}>
        <h3 class="govuk-heading-s govuk-!-margin-bottom-1">
          The risk assessment: {RATING_WORDS[preview.rating]}, {OUTCOME_WORDS[preview.outcome]}
        </h3>
        {preview.reasons.length > 0 && <p class="govuk-body govuk-!-margin-bottom-1">Because {preview.reasons.join('; ')}.</p>}
        {preview.controls.length > 0 && <p class="govuk-body govuk-!-margin-bottom-1">Controls: {preview.controls.join('; ')}.</p>}
        {preview.refused && <p class="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-0">It cannot be authorised: {preview.refused.words}.</p>}
      </div>
    </div>
  );
}

function RiskInputs(props: { details: Visit['details']; policy: Policy | null }) {
  const factors = props.details.riskFactors;
  return (
    <>
      <h3 class="govuk-heading-s">What the requester said about risk</h3>
      <p class="govuk-body">Once you authorise, the workflow assesses the risk from these answers under the school's policy.</p>
      <dl class="govuk-summary-list govuk-summary-list--no-border">
        {riskQuestions(props.policy).map((question) => {
          const answer = factors[question.key];
          return (
            <div class="govuk-summary-list__row" key={question.key}>
              <dt class="govuk-summary-list__key">{question.text}</dt>
              <dd class="govuk-summary-list__value">
                {answer ? <><Mark name="warning" />Yes</> : 'No'}
              </dd>
            </div>
          );
        })}
        <div class="govuk-summary-list__row">
          <dt class="govuk-summary-list__key">Animals</dt>
          <dd class="govuk-summary-list__value">
            {factors.animals !== 'none' && <Mark name="warning" />}
            {ANIMAL_WORDS[factors.animals]}
          </dd>
        </div>
      </dl>
    </>
  );
}
