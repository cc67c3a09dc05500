import { render } from 'preact';
import '../styles/app.scss';
import './audit.scss';
import { Page } from '../shared/layout';
import { Audit } from './audit';

/** The auditor's timeline: a visit's record, its chain's verdict, its check-ins and its report. */
render(<Page title="Audit a visit" roles={['auditor', 'dsl', 'headteacher', 'admin']}>{() => <Audit />}</Page>, document.getElementById('app')!);
