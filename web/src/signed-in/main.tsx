import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import '../styles/app.scss';
import { finishHostedSignIn } from '../shared/sign-in';

/** Cognito's hosted sign-in returns here with a code: exchange it (PKCE), then on to where the person was going. */
function SignedIn() {
  const [error, setError] = useState<string>();
  useEffect(() => {
    finishHostedSignIn(location.search).then(
      (next) => location.replace(next.startsWith('/') ? next : '/'),
      (failure: unknown) => setError(failure instanceof Error ? failure.message : 'Sign-in failed'),
    );
  }, []);
  return (
    <div class="govuk-width-container">
      <main class="govuk-main-wrapper" id="main" role="main">
        <h1 class="govuk-heading-l">{error ? 'Sign-in did not finish' : 'Signing you in…'}</h1>
        {error && <p class="govuk-body">{error} <a class="govuk-link" href="/">Sign in again</a></p>}
      </main>
    </div>
  );
}

render(<SignedIn />, document.getElementById('app')!);
