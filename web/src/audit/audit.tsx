import { useEffect, useState } from 'preact/hooks';
import { Finder } from './finder';
import { VisitAudit } from './visit-audit';

/**
 * The auditor's page: find a visit, then read its record. Which visit, and the time it is read as
 * of, are in the address (`?visit=…&asOf=…`): a reading can be linked to, reloaded and gone back from.
 */

interface Place {
  readonly visitId?: string;
  readonly asOf?: string;
}

function placeInAddress(): Place {
  const query = new URLSearchParams(location.search);
  const visitId = query.get('visit') ?? undefined;
  const asOf = query.get('asOf') ?? undefined;
  return { ...(visitId ? { visitId } : {}), ...(visitId && asOf ? { asOf } : {}) };
}

export function hrefFor(place: Place): string {
  if (!place.visitId) return location.pathname;
  const query = new URLSearchParams({ visit: place.visitId, ...(place.asOf ? { asOf: place.asOf } : {}) });
  return `?${query.toString()}`;
}

export function Audit() {
  const [place, setPlace] = useState(placeInAddress);

  useEffect(() => {
    const onPop = () => setPlace(placeInAddress());
    addEventListener('popstate', onPop);
    return () => removeEventListener('popstate', onPop);
  }, []);

  function go(next: Place) {
    history.pushState(null, '', hrefFor(next));
    setPlace(next);
  }

  if (!place.visitId) return <Finder onOpen={(visitId) => go({ visitId })} hrefFor={(visitId) => hrefFor({ visitId })} />;
  const { visitId } = place;
  return (
    <>
      <p class="govuk-body">
        <a
          class="govuk-link"
          href={location.pathname}
          onClick={(event) => {
            event.preventDefault();
            go({});
          }}
        >
          Find another visit
        </a>
      </p>
      <VisitAudit visitId={visitId} asOf={place.asOf} nowHref={hrefFor({ visitId })} onAsOf={(asOf) => go({ visitId, ...(asOf ? { asOf } : {}) })} />
    </>
  );
}
