/**
 * The auditors' CLI: replay a visit's timeline or verify its hash chain through the API.
 *
 *   npm run visit -- replay <visitId> [--as-of <ISO time>]
 *   npm run visit -- verify <visitId> [--expect-head <sha256>]
 *
 * --url (HOME_VISITS_URL, default http://localhost:3000) and --token (HOME_VISITS_TOKEN). See bin/visit-cli.ts.
 */
import { main } from './visit-cli';

process.exitCode = await main(process.argv.slice(2));
