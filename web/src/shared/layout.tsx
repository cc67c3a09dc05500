import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { freshSession, signOut } from './sign-in';
import { currentSession, pagesFor, storedSession, type Role, type Session } from './session';

/** How often a page makes sure its token is not about to lapse (it is refreshed five minutes before). */
const KEEP_FRESH_EVERY_MS = 5_000;

const signInAgain = () => `/?next=${encodeURIComponent(location.pathname + location.search)}`;

/**
 * Every page's frame: a skip link, the product's bar (name, who is signed in, the pages their role
 * has, sign out) and the main landmark. A page that needs a role sends anyone else to sign in.
 *
 * The sign-in is kept fresh while the page is open (sign-in.ts `freshSession`). Where it has lapsed
 * all the same, a page sends the person to sign in again, except one that `worksSignedOut` (the
 * staff page: a call for help, a check-in and "back safely" go with the visit pass, and anything else
 * pressed waits on the phone), which says so and stays.
 */
export function Page(props: { title: string; roles?: readonly Role[]; wide?: boolean; worksSignedOut?: boolean; children: (session: Session) => ComponentChildren }) {
  const [session, setSession] = useState(storedSession);
  const [signIn, setSignIn] = useState<'live' | 'checking' | 'lapsed'>(() => (currentSession() ? 'live' : 'checking'));
  const allowed = session && (!props.roles || props.roles.some((role) => session.user.groups.includes(role)));
  useEffect(() => {
    let stopped = false;
    const check = () =>
      void freshSession().then((fresh) => {
        if (stopped) return;
        if (fresh) setSession(fresh);
        setSignIn(fresh ? 'live' : 'lapsed');
      });
    check();
    const timer = setInterval(check, KEEP_FRESH_EVERY_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, []);
  const mustSignIn = !allowed || (signIn === 'lapsed' && !props.worksSignedOut);
  useEffect(() => {
    document.title = `${props.title} – Home visits`;
    if (mustSignIn) location.replace(signInAgain());
  }, [mustSignIn, props.title]);
  if (!session || mustSignIn || (signIn === 'checking' && !props.worksSignedOut)) return null;
  return (
    <>
      <a href="#main" class="govuk-skip-link">Skip to main content</a>
      <header class="hv-bar" role="banner">
        <div class="govuk-width-container hv-bar__inner">
          <a href="/" class="hv-bar__name">Home visits</a>
          <nav aria-label="Pages">
            <ul class="govuk-list hv-bar__pages">
              {pagesFor(session.user.groups).map((page) => (
                <li key={page.href}>
                  <a class="govuk-link" href={page.href} aria-current={location.pathname === page.href ? 'page' : undefined}>{page.title}</a>
                </li>
              ))}
            </ul>
          </nav>
          <span class="hv-bar__user">
            {session.user.name} · <a class="govuk-link" href="/" onClick={(event) => { event.preventDefault(); void signOut(); }}>Sign out</a>
          </span>
        </div>
      </header>
      <div class={props.wide ? 'hv-wide-container' : 'govuk-width-container'}>
        <main class="govuk-main-wrapper" id="main" role="main">
          {signIn === 'lapsed' && <SignedOut />}
          <h1 class="govuk-heading-l">{props.title}</h1>
          {props.children(session)}
        </main>
      </div>
    </>
  );
}

/** The staff page with a lapsed sign-in: what still works, and the way back. */
function SignedOut() {
  return (
    <div class="govuk-notification-banner" role="region" aria-labelledby="signed-out-title" data-testid="signed-out">
      <div class="govuk-notification-banner__header">
        <h2 class="govuk-notification-banner__title" id="signed-out-title">
          Your sign-in has ended
        </h2>
      </div>
      <div class="govuk-notification-banner__content">
        <p class="govuk-body">
          Call for help, check in and back safely still reach the office from this phone. Anything else you press is kept here and sent when you sign in again.
        </p>
        <a class="govuk-button hv-wide" href={signInAgain()}>
          Sign in again
        </a>
      </div>
    </div>
  );
}
