import { render } from 'preact';
import '../styles/app.scss';
import './desk.scss';
import { Page } from '../shared/layout';
import { Desk } from './desk';

/** The DSL's and senior leaders' desk: visits waiting for authorisation. */
render(<Page title="Authorisations" roles={['dsl', 'slt', 'headteacher', 'admin']}>{() => <Desk />}</Page>, document.getElementById('app')!);
