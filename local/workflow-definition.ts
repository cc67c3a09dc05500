import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';
import { STEP_NAMES, type StepName } from '../functions/steps/step-names';

/**
 * The visit workflow's state machine as the local engine runs it: the definition the trust stack
 * deploys, synthesised by the CDK and resolved to local ARNs, and the local ARN of each step's
 * Lambda. Committed as `local/workflow-definition.json` (written by `npm run definition`), so
 * `npm start` loads a file instead of synthesising the whole stack at every start: the CDK costs
 * seconds and hundreds of MiB the runtime never needs again. A test (test/cdk/workflow-definition.test.ts)
 * synthesises the stack and fails if the file differs, so it is always the definition that deploys.
 */
export const WORKFLOW_DEFINITION_FILE = join(dirname(fileURLToPath(import.meta.url)), 'workflow-definition.json');

const StoredDefinition = z
  .object({
    /** Each step's Lambda by its local ARN, as the definition names it. */
    stepArns: z.object(Object.fromEntries(STEP_NAMES.map((name) => [name, z.string().min(1)])) as Record<StepName, z.ZodString>).strict(),
    /** The Amazon States Language, intrinsics resolved to local values: stored as JSON so a change reads as a diff. */
    definition: z.record(z.string(), z.unknown()),
  })
  .strict();

export interface LocalWorkflowDefinition {
  readonly stepArns: Readonly<Record<StepName, string>>;
  /** The ASL text the engine runs. */
  readonly definitionString: string;
}

export function loadWorkflowDefinition(file = WORKFLOW_DEFINITION_FILE): LocalWorkflowDefinition {
  const { stepArns, definition } = StoredDefinition.parse(JSON.parse(readFileSync(file, 'utf8')));
  return { stepArns, definitionString: JSON.stringify(definition) };
}

/** The file's text for a definition: what `npm run definition` writes, and what the test compares. */
export const workflowDefinitionFile = ({ stepArns, definitionString }: LocalWorkflowDefinition): string =>
  `${JSON.stringify({ stepArns, definition: JSON.parse(definitionString) as unknown }, null, 2)}\n`;
