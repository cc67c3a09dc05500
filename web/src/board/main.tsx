import { render } from 'preact';
import '../styles/app.scss';
import './board.scss';
import { Page } from '../shared/layout';
import { Board } from './board';

render(
  <Page title="Office board" roles={['office', 'dsl', 'slt', 'headteacher', 'admin']} wide>
    {() => <Board />}
  </Page>,
  document.getElementById('app')!,
);
