import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { signOut } from './sign-in';
import { currentSession, pagesFor, type Role, type Session } from './session';

/**
 * Every page's frame: a skip link, the product's bar (name, who is signed in, the pages their role
 * has, sign out) and the main landmark. A page that needs a role sends anyone else to sign in.
 */
export function Page(props: { title: string; roles?: readonly Role[]; wide?: boolean; children: (session: Session) => ComponentChildren }) {
  const [session] = useState(currentSession);
  const allowed = session && (!props.roles || props.roles.some((role) => session.user.groups.includes(role)));
  useEffect(() => {
    document.title = `${props.title} – Home visits`;
    if (!allowed) location.replace(`/?next=${encodeURIComponent(location.pathname)}`);
  }, [allowed, props.title]);
  if (!session || !allowed) return null;
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
          <h1 class="govuk-heading-l">{props.title}</h1>
          {props.children(session)}
        </main>
      </div>
    </>
  );
}
