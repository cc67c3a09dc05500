import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWorkflowDefinition } from '../../local/workflow-definition';
import { OFFICE } from '../support/actors';
import { startWorkflowHarness, type WorkflowHarness } from '../support/workflow-harness';

/**
 * A redeploy changes the step code under executions that keep the definition they started with,
 * for months. So today's steps must run the definition before them: the fixture is the definition
 * committed before this change (`git show <commit>:local/workflow-definition.json`), and a visit
 * started on it must finish on today's steps. Replace it with the committed definition when the
 * workflow changes again (the test below says when it is stale).
 */
const PREVIOUS = fileURLToPath(new URL('../fixtures/previous-definition/workflow-definition.json', import.meta.url));
const PARENT_AT_HOME = { peoplePresent: [{ name: 'Pat Parent', relationship: 'parent' }], invitedIn: true, animals: 'none', unsafeIndicators: [] };

describe('an execution started on the previous definition, on today’s steps', () => {
  let h: WorkflowHarness;
  beforeAll(async () => {
    h = await startWorkflowHarness(1200, { definitionFile: PREVIOUS });
  });
  afterAll(() => h.close());

  it('is a definition other than today’s, with the same steps', () => {
    const [previous, today] = [loadWorkflowDefinition(PREVIOUS), loadWorkflowDefinition()];
    expect(previous.definitionString).not.toBe(today.definitionString);
    expect(previous.stepArns).toEqual(today.stepArns);
  });

  it('finishes a visit: a missed check-in raises its alert, the office answers it, and the visit closes and files its report', async () => {
    const id = await h.atTheDoor('hunsbury-park');
    await h.act(id, 'enter', PARENT_AT_HOME);
    await h.stage(id, 'in-home');
    const overdue = await h.alert(id, (alert) => alert.kind === 'check-in-overdue');
    await h.act(id, 'acknowledge', { alertId: overdue.alertId, note: 'Phoned Alice, all fine' }, OFFICE);
    await h.act(id, 'leave', {});
    await h.stage(id, 'returning-safely');
    await h.act(id, 'return', {});

    expect(await h.finished(id)).toBe('SUCCEEDED');
    expect(await h.executions(id)).toEqual([id]);
    const types = await h.types(id);
    expect(types.slice(0, 7)).toEqual(['VisitRequested', 'VisitAuthorised', 'RiskAssessed', 'Departed', 'Arrived', 'Entered', 'CheckInOverdue']);
    expect(types.slice(-2)).toEqual(['VisitClosed', 'ReportFiled']);
    expect(types).not.toContain('WatchLost');
  });
});
