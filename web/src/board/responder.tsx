import { useEffect, useState } from 'preact/hooks';
import { api, problemOf, type ApiProblem, type Schemas } from '../shared/api';
import { ProblemSummary } from '../shared/problem';
import { alertLabel } from './words';

/**
 * A visit's responder view, opened from its line on the board: where it is, who is on it and their
 * mobiles, and for each open alert what the school's policy says to do and whom to call. The API
 * gives it to the office's roles only (GET /visits/{id} `responder`); under duress it says first
 * not to phone the staff openly.
 */

type Responder = NonNullable<Schemas['VisitView']['responder']>;
type ResponderAlert = Responder['alerts'][number];

/** `version` is the board line's: the view is read again when the visit changes. */
export function ResponderView(props: { visitId: string; version: number; staff: string }) {
  const [view, setView] = useState<Responder | 'none'>();
  const [problem, setProblem] = useState<ApiProblem>();

  useEffect(() => {
    let current = true;
    void (async () => {
      try {
        const client = await api();
        const { data, error, response } = await client.GET('/visits/{id}', { params: { path: { id: props.visitId } }, cache: 'no-store' });
        if (!current) return;
        if (!data) setProblem(problemOf(response.status, error));
        else {
          setProblem(undefined);
          setView(data.responder ?? 'none');
        }
      } catch {
        if (current) setProblem({ status: 0, message: 'The server could not be reached: the responder view is not up to date.' });
      }
    })();
    return () => {
      current = false;
    };
  }, [props.visitId, props.version]);

  return (
    <section class="hv-responder" aria-label={`Responding to ${props.staff}`} data-responder-for={props.visitId}>
      <ProblemSummary problem={problem} title="The responder view could not be read" />
      {view === undefined && !problem && <p class="govuk-body-s">Loading…</p>}
      {view === 'none' && <p class="govuk-body-s">The responder view is for whoever answers this visit’s alerts, not for its own staff.</p>}
      {view !== undefined && view !== 'none' && (
        <div class="hv-responder__grid">
          <div>
            {view.alerts.map((alert) => (
              <AlertToAnswer key={alert.alertId} alert={alert} />
            ))}
            {view.alerts.length === 0 && <p class="govuk-body-s">No open alert on this visit.</p>}
          </div>
          <dl class="govuk-summary-list govuk-summary-list--no-border hv-responder__facts">
            <div class="govuk-summary-list__row">
              <dt class="govuk-summary-list__key">Address</dt>
              <dd class="govuk-summary-list__value">{view.address}</dd>
            </div>
            {view.staff.map((member) => (
              <div class="govuk-summary-list__row" key={member.name}>
                <dt class="govuk-summary-list__key">{member.name}</dt>
                <dd class="govuk-summary-list__value">
                  {member.mobile ? (
                    <a class="govuk-link" href={`tel:${member.mobile.replace(/ /g, '')}`}>
                      {member.mobile}
                    </a>
                  ) : (
                    'No mobile given'
                  )}
                  {member.vehicle ? `, ${member.vehicle}` : ''}
                </dd>
              </div>
            ))}
          </dl>
        </div>
      )}
    </section>
  );
}

const SCHEME: Record<ResponderAlert['contacts'][number]['channel'], string> = { phone: 'tel:', sms: 'sms:', email: 'mailto:' };

function AlertToAnswer(props: { alert: ResponderAlert }) {
  const { alert } = props;
  return (
    <div class="hv-responder__alert">
      <h3 class="govuk-heading-s hv-responder__heading">{alertLabel(alert)}: what to do</h3>
      {alert.doNotPhoneOpenly && (
        <div class="govuk-warning-text hv-responder__warning">
          <span class="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <strong class="govuk-warning-text__text">
            <span class="govuk-visually-hidden">Warning</span>
            Do not phone the staff openly: someone may be listening. Call the contacts below.
          </strong>
        </div>
      )}
      <p class="govuk-body-s">{alert.instruction}</p>
      {alert.told.length > 0 && <p class="govuk-body-s">Told: {alert.told.join(', ')}.</p>}
      {alert.contacts.length > 0 && (
        <ul class="govuk-list hv-responder__contacts">
          {alert.contacts.map((contact) => (
            <li key={contact.title}>
              <strong>{contact.title}</strong>:{' '}
              <a class="govuk-link" href={`${SCHEME[contact.channel]}${contact.contact.replace(/ /g, '')}`}>
                {contact.contact}
              </a>
              {contact.channel === 'sms' ? ' (text)' : ''}. {contact.instruction}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
