import type { History } from '../shared/api';
import { Mark } from '../shared/icons';
import { when } from '../shared/time';

/**
 * The hash chain's verdict, first on the page: whether every stored version still matches what was
 * written, or the first version that does not. With an as-of time, the record shown then and the
 * whole record now are judged apart, so a later alteration is never hidden by looking back.
 */

export type Integrity = History['integrity'];

export function alteredWords(integrity: Extract<Integrity, { ok: false }>): string {
  const { version } = integrity;
  switch (integrity.reason) {
    case 'hash-mismatch':
      return `ALTERED: version ${version} does not match its hash`;
    case 'prev-hash-mismatch':
      return `ALTERED: version ${version} does not follow from version ${version - 1} (its link to the version before is broken)`;
    case 'version-gap':
      return `ALTERED: version ${version} is missing or out of order`;
    default:
      return `ALTERED at version ${version}`;
  }
}

/** The first version the chain fails at, in what is shown or in the whole record now. */
export function firstFailure(history: History): number | undefined {
  const versions = [history.integrity, history.streamIntegrity].flatMap((verdict) => (verdict && !verdict.ok ? [verdict.version] : []));
  return versions.length ? Math.min(...versions) : undefined;
}

export function Verdict(props: { history: History; timeZone: string }) {
  const { history } = props;
  const shown = history.integrity;
  const now = history.streamIntegrity;
  const altered = !shown.ok || (now !== undefined && !now.ok);
  return (
    <div class={`hv-audit-verdict ${altered ? 'hv-audit-verdict--altered' : 'hv-audit-verdict--intact'}`} role={altered ? 'alert' : 'status'} id="verdict">
      <h2 class="govuk-heading-m hv-audit-verdict__title">
        <Mark name={altered ? 'fail' : 'ok'} />
        {headline(history)}
      </h2>
      {history.asOf && (
        <ul class="govuk-list">
          <li>
            <strong>As it stood at {when(history.asOf, props.timeZone)}:</strong> {shown.ok ? `intact, ${history.events.length} versions verify` : alteredWords(shown)}
          </li>
          {now && (
            <li>
              <strong>The whole record now:</strong> {now.ok ? `intact, all ${now.headVersion} versions verify` : alteredWords(now)}
            </li>
          )}
        </ul>
      )}
      {shown.ok && !history.asOf && (
        <p class="govuk-body">
          {shown.headVersion} versions, each matching its hash and linked to the one before. The last hash is{' '}
          <code class="hv-audit-hash">{shown.headHash.slice(0, 16)}…</code>
        </p>
      )}
      {[shown, now].map((verdict, index) =>
        verdict && !verdict.ok ? (
          <p class="govuk-body" key={index}>
            The versions before {verdict.version} verify; from version {verdict.version} on, the record is not as it was written. ({verdict.detail})
          </p>
        ) : null,
      )}
    </div>
  );
}

function headline(history: History): string {
  const shown = history.integrity;
  const now = history.streamIntegrity;
  if (!shown.ok) return alteredWords(shown);
  if (now && !now.ok) return alteredWords(now);
  return 'Intact: every version verifies';
}

/** A record that no longer parses as the events it claims to be (quarantine): where, and why. */
export function Readability(props: { history: History }) {
  const { readable, unreadable } = props.history;
  if (readable.ok && !unreadable?.length) return null;
  return (
    <div class="govuk-warning-text">
      <span class="govuk-warning-text__icon" aria-hidden="true">!</span>
      <div class="govuk-warning-text__text">
        <span class="govuk-visually-hidden">Warning</span>
        {!readable.ok && <p class="govuk-body govuk-!-font-weight-bold">Version {readable.version} no longer reads as the event it says it is ({readable.reason}: {readable.detail}). The visit's state from there on cannot be shown.</p>}
        {unreadable?.map((entry) => (
          <div key={entry.version}>
            <p class="govuk-body">Version {entry.version} cannot be read even as an event ({entry.reason}: {entry.detail}). As stored:</p>
            <pre class="hv-audit-stored">{entry.stored}</pre>
          </div>
        ))}
      </div>
    </div>
  );
}
