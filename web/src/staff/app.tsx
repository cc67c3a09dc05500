import { useEffect, useState } from 'preact/hooks';
import { Page } from '../shared/layout';
import type { Session } from '../shared/session';
import { useMyVisits, visitUnderWay } from './data';
import { PanicFrame } from './panic';
import { QueueView } from './queue-view';
import { VisitList } from './visit-list';
import { VisitScreen } from './visit-screen';

/**
 * The staff member's phone page: their visits today, one visit open at a time (`#visit/<id>`, so
 * the phone's back button goes back to the list), what is waiting to be sent at the top, and the
 * panic control on every screen.
 */

function openVisitId(): string | undefined {
  const match = /^#visit\/(.+)$/.exec(location.hash);
  return match ? decodeURIComponent(match[1]!) : undefined;
}

function useOpenVisit(): string | undefined {
  const [visitId, setVisitId] = useState(openVisitId);
  useEffect(() => {
    const changed = () => {
      setVisitId(openVisitId());
      window.scrollTo(0, 0);
    };
    addEventListener('hashchange', changed);
    // The address may have changed between the first render and this listener (a link followed as the page loaded).
    setVisitId(openVisitId());
    return () => removeEventListener('hashchange', changed);
  }, []);
  return visitId;
}

export function StaffPage() {
  const visitId = useOpenVisit();
  const [title, setTitle] = useState('Your visit');
  return <Page title={visitId ? title : 'My visits today'} worksSignedOut>{(session) => <Screens session={session} visitId={visitId} onTitle={setTitle} />}</Page>;
}

function Screens(props: { session: Session; visitId: string | undefined; onTitle: (title: string) => void }) {
  const mine = useMyVisits();
  // Panic is for the visit open on the screen; from the list, for the one under way.
  const panicFor = props.visitId ?? visitUnderWay(mine.data)?.visitId;
  return (
    <div class="hv-staff">
      <QueueView />
      <PanicFrame visitId={panicFor}>
        {props.visitId ? (
          <VisitScreen key={props.visitId} visitId={props.visitId} userId={props.session.user.userId} onTitle={props.onTitle} />
        ) : (
          <VisitList rows={mine.data} problem={mine.problem} loading={mine.loading} />
        )}
      </PanicFrame>
    </div>
  );
}
