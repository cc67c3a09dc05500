import { resolve } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { openApiDocument } from '../functions/api/openapi';

/** Where the browser's typed client takes its types from: generated from openapi.json, committed. */
export const WEB_API_TYPES = resolve(import.meta.dirname, 'src/shared/api-schema.d.ts');

export async function webApiTypes(): Promise<string> {
  const ast = await openapiTS(openApiDocument() as Parameters<typeof openapiTS>[0]);
  return `/* Generated from the API's OpenAPI document by \`npm run web:api\`: do not edit. */\n\n${astToString(ast)}`;
}
