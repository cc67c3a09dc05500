import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import '../styles/app.scss';
import { siteConfig, type SiteConfig } from '../shared/config';
import { currentSession, pagesFor } from '../shared/session';
import { demoUsers, signInAsDemoUser, startHostedSignIn, type DemoUser } from '../shared/sign-in';

/** The front door: sign in (the demo users locally, Cognito on AWS), then straight to the page the role works in. */
function SignIn() {
  const next = new URLSearchParams(location.search).get('next');
  const [config, setConfig] = useState<SiteConfig>();
  const [users, setUsers] = useState<DemoUser[]>([]);
  const [chosen, setChosen] = useState('');
  const [error, setError] = useState<string>();

  useEffect(() => {
    document.title = 'Sign in – Home visits';
    const session = currentSession();
    if (session) {
      location.replace(next?.startsWith('/') ? next : (pagesFor(session.user.groups)[0]?.href ?? '/staff.html'));
      return;
    }
    void siteConfig().then(async (loaded) => {
      setConfig(loaded);
      if (loaded.auth.kind === 'local') setUsers(await demoUsers());
    }, () => setError('The service cannot be reached. Check your connection and reload.'));
  }, []);

  async function submit(event: Event) {
    event.preventDefault();
    if (!chosen) return setError('Choose who you are');
    try {
      const session = await signInAsDemoUser(chosen);
      location.assign(next?.startsWith('/') ? next : (pagesFor(session.user.groups)[0]?.href ?? '/staff.html'));
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : 'Sign-in failed');
    }
  }

  return (
    <div class="govuk-width-container">
      <main class="govuk-main-wrapper" id="main" role="main">
        <h1 class="govuk-heading-l">Home visits</h1>
        {error && (
          <div class="govuk-error-summary" role="alert" tabIndex={-1}>
            <h2 class="govuk-error-summary__title">There is a problem</h2>
            <div class="govuk-error-summary__body">
              <ul class="govuk-list govuk-error-summary__list"><li><a href="#user">{error}</a></li></ul>
            </div>
          </div>
        )}
        {config?.auth.kind === 'cognito' && (
          <button type="button" class="govuk-button govuk-button--start" onClick={() => void startHostedSignIn(next ?? '/')}>Sign in</button>
        )}
        {config?.auth.kind === 'local' && (
          <form onSubmit={(event) => void submit(event)} noValidate>
            <div class={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
              <fieldset class="govuk-fieldset" aria-describedby="user-hint">
                <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">
                  <h2 class="govuk-fieldset__heading">Who are you?</h2>
                </legend>
                <div id="user-hint" class="govuk-hint">This runs on this computer only, with demo people. On the trust's own service you sign in with your school account.</div>
                <div class="govuk-radios" data-module="govuk-radios" id="user">
                  {users.map((user) => (
                    <div class="govuk-radios__item" key={user.userId}>
                      <input class="govuk-radios__input" id={`user-${user.userId}`} name="user" type="radio" value={user.userId} checked={chosen === user.userId} onChange={() => setChosen(user.userId)} />
                      <label class="govuk-label govuk-radios__label" for={`user-${user.userId}`}>
                        {user.name} <span class="govuk-hint govuk-!-display-inline">({user.groups.join(', ')})</span>
                      </label>
                    </div>
                  ))}
                </div>
              </fieldset>
            </div>
            <button type="submit" class="govuk-button">Sign in</button>
          </form>
        )}
      </main>
    </div>
  );
}

render(<SignIn />, document.getElementById('app')!);
