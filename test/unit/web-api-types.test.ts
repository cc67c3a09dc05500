import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { webApiTypes, WEB_API_TYPES } from '../../web/api-types';

it('the web client is typed by the API as it is: web/src/shared/api-schema.d.ts is what openapi.json generates (npm run web:api rewrites it)', async () => {
  expect(await readFile(WEB_API_TYPES, 'utf8')).toBe(await webApiTypes());
});
