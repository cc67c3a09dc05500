import { render } from 'preact';
import '../styles/app.scss';
import { Page } from '../shared/layout';

render(<Page title="Authorisations">{() => <p class="govuk-body">Coming next.</p>}</Page>, document.getElementById('app')!);
