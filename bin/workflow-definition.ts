import { writeFile } from 'node:fs/promises';
import { synthesizedStack, workflowDefinitionOf } from '../local/synth';
import { WORKFLOW_DEFINITION_FILE, workflowDefinitionFile } from '../local/workflow-definition';
import { commandLine } from './command-line';

const USAGE = `usage: npm run definition
Synthesises the trust stack and writes the visit workflow's definition, as the local engine runs it,
to local/workflow-definition.json (npm start loads it instead of running the CDK). Run it after
changing the workflow (workflows/, lib/); npm test fails while the file is out of date.
  -h, --help   this text`;

await commandLine(USAGE, { options: {} });
await writeFile(WORKFLOW_DEFINITION_FILE, workflowDefinitionFile(workflowDefinitionOf(synthesizedStack())));
console.log(`wrote ${WORKFLOW_DEFINITION_FILE}`);
