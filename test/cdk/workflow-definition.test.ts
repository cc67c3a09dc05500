import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { synthesizedStack, workflowDefinitionOf } from '../../local/synth';
import { loadWorkflowDefinition, WORKFLOW_DEFINITION_FILE, workflowDefinitionFile } from '../../local/workflow-definition';

/**
 * `npm start` runs the committed local/workflow-definition.json instead of synthesising the stack:
 * it must be the definition the stack deploys, byte for byte, or the local runtime would run a
 * workflow that is not the one on AWS.
 */
describe('the committed workflow definition', () => {
  it('is what the trust stack synthesises now (run `npm run definition` after changing the workflow)', () => {
    const fresh = workflowDefinitionOf(synthesizedStack());
    expect(readFileSync(WORKFLOW_DEFINITION_FILE, 'utf8'), 'local/workflow-definition.json is out of date: run `npm run definition`').toBe(
      workflowDefinitionFile(fresh),
    );
    expect(loadWorkflowDefinition()).toEqual({ ...fresh, definitionString: JSON.stringify(JSON.parse(fresh.definitionString)) });
  });
});
