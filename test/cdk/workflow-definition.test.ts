import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LocalStepFunctions } from '../../local/engine';
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

  it('passes the ASL schema, which the local runtime leaves unchecked at start-up', () => {
    const { definitionString, stepArns } = loadWorkflowDefinition();
    const resources = Object.fromEntries(Object.values(stepArns).map((arn) => [arn, async () => ({})]));
    expect(() => new LocalStepFunctions({ definition: definitionString, resources })).not.toThrow();
    // The check is real: the same definition with a state that names no next state is refused.
    const broken = JSON.parse(definitionString) as { States: Record<string, Record<string, unknown>> };
    const [name, state] = Object.entries(broken.States).find(([, candidate]) => candidate.Type === 'Pass' || candidate.Type === 'Task')!;
    broken.States[name] = { ...state, Next: 'NoSuchState', End: undefined };
    expect(() => new LocalStepFunctions({ definition: JSON.stringify(broken), resources })).toThrow(/NoSuchState/);
  });
});
