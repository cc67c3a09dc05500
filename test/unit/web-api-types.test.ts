import { readFile } from 'node:fs/promises';
import { expect, expectTypeOf, it } from 'vitest';
import { openApiDocument } from '../../functions/api/openapi';
import type { Alert, Visit, VisitStatus } from '../../functions/core/visit-schema';
import type { components } from '../../web/src/shared/api-schema';
import { webApiTypes, WEB_API_TYPES } from '../../web/api-types';

type Schemas = components['schemas'];

it('the web client is typed by the API as it is: web/src/shared/api-schema.d.ts is what openapi.json generates (npm run web:api rewrites it)', async () => {
  expect(await readFile(WEB_API_TYPES, 'utf8')).toBe(await webApiTypes());
});

it('describes the visit and the history\'s state by the core\'s own schema, status by status, so the web reads them without a cast', () => {
  const { components: { schemas } } = openApiDocument() as unknown as { components: { schemas: Record<string, Record<string, unknown>> } };
  const properties = (name: string) => schemas[name]!.properties as Record<string, unknown>;

  expect(properties('VisitView').visit).toEqual({ $ref: '#/components/schemas/Visit' });
  expect(JSON.stringify(properties('History').state)).toContain('#/components/schemas/Visit');
  const statuses = (schemas.Visit!.anyOf as { properties: { status: { const: string } } }[]).map((member) => member.properties.status.const);
  expect(new Set(statuses)).toEqual(new Set<VisitStatus>(['requested', 'authorised', 'ready', 'travelling', 'at-door', 'in-home', 'returning', 'returned', 'ended', 'closed', 'filed']));

  // What the core folds is what the web is typed to read (checked by tsc: a status or a stamp the two disagree on does not compile).
  expectTypeOf<Visit>().toExtend<Schemas['Visit']>();
  expectTypeOf<Alert>().toExtend<Schemas['Alert']>();
  expectTypeOf<Schemas['Visit']['status']>().toEqualTypeOf<VisitStatus>();
  expectTypeOf<Schemas['Alert']['stage']>().toEqualTypeOf<Alert['stage']>();
});
