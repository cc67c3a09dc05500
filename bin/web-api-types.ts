import { writeFile } from 'node:fs/promises';
import { webApiTypes, WEB_API_TYPES } from '../web/api-types';

/** `npm run web:api`: rewrites the web client's types from the API's OpenAPI document (a test fails while they differ). */
await writeFile(WEB_API_TYPES, await webApiTypes());
console.log(`wrote ${WEB_API_TYPES}`);
