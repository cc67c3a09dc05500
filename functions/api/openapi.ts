import * as z from 'zod';
import { BoardSummary } from '../core/board';
import { ActionInput, type ActionName } from '../core/commands';
import { CLAIMED_AT_HEADER, IDEMPOTENCY_KEY_HEADER, VisitIdParam } from './request';
import { ACTING_ROLE_HEADER } from './identity';
import {
  ActionResult,
  HelpKeptApartResult,
  Board,
  BoardQuery,
  Health,
  History,
  HistoryQuery,
  InvalidRequest,
  LateSignal,
  MyVisits,
  MyVisitsQuery,
  Refusal,
  Report,
  ReportQuery,
  Unauthenticated,
  VISIT_ACTIONS,
  VisitPass,
  VisitView,
} from './schemas';
import { VISIT_STATE_PARTS } from '../core/visit-schema';
import { PASS_ACTIONS, PASS_SCHEME } from './visit-pass';

/**
 * The OpenAPI 3.1 document, generated from the same zod schemas the handlers parse with (request
 * bodies as input, responses as output), so the contract cannot drift from the code.
 */

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const jsonContent = (name: string) => ({ content: { 'application/json': { schema: ref(name) } } });

const bodyName = (action: ActionName) =>
  `${action.split('-').map((word) => word[0]!.toUpperCase() + word.slice(1)).join('')}${action === 'request' ? 'Visit' : ''}Body`;

function components(io: 'input' | 'output', schemas: Record<string, z.ZodType>): Record<string, unknown> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(schemas)) registry.add(schema, { id });
  const { schemas: converted } = z.toJSONSchema(registry, {
    io,
    target: 'draft-2020-12',
    unrepresentable: 'any',
    uri: (id) => `#/components/schemas/${id}`,
  });
  return Object.fromEntries(
    Object.entries(converted).map(([id, schema]) => {
      const { $schema: _dialect, $id: _uri, id: _id, ...rest } = schema as Record<string, unknown>;
      return [id, rest];
    }),
  );
}

function queryParameters(schema: z.ZodObject) {
  const converted = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, unknown> };
  return Object.entries(converted.properties ?? {}).map(([name, property]) => ({ name, in: 'query', required: false, schema: property }));
}

const errors = {
  '400': { description: 'Bad JSON, a body that does not match its schema, or an unknown action. Nothing was written.', ...jsonContent('InvalidRequest') },
  '401': { description: 'No valid bearer token.', ...jsonContent('Unauthenticated') },
  '403': { description: 'The caller\'s role or assignment does not allow this; `rule` names the rule.', ...jsonContent('Refusal') },
  '404': { description: 'No such visit.', ...jsonContent('Refusal') },
} as const;

const visitIdParameter = { name: 'id', in: 'path', required: true, schema: z.toJSONSchema(VisitIdParam) };
const commandHeaders = [
  {
    name: 'Idempotency-Key',
    in: 'header',
    required: false,
    description: `Retries with the same key are answered as the first attempt and write nothing (header \`${IDEMPOTENCY_KEY_HEADER}\`).`,
    schema: { type: 'string', minLength: 1, maxLength: 200 },
  },
  {
    name: 'X-Claimed-At',
    in: 'header',
    required: false,
    description: `When the caller says it happened, if not now (header \`${CLAIMED_AT_HEADER}\`).`,
    schema: { type: 'string', format: 'date-time' },
  },
];
const actingRoleHeader = {
  name: 'X-Acting-Role',
  in: 'header',
  required: false,
  description: `For members of several groups: the role to act in (header \`${ACTING_ROLE_HEADER}\`).`,
  schema: { type: 'string' },
};

const ACTION_SUMMARIES: Record<(typeof VISIT_ACTIONS)[number], string> = {
  authorise: 'Authorise the visit (DSL/SLT/headteacher as the policy says; never one of its own staff)',
  decline: 'Decline the visit: it ends',
  reschedule: 'Change the appointment, times or staff before anyone sets out (re-authorised where the policy asks)',
  depart: 'The assigned staff leave for the visit (the first check-in)',
  arrive: 'The staff are at the door',
  'family-at-door': 'Someone from the family came to the door: the wait for them stops',
  'report-late': 'The family say they are running late',
  'extend-time': '"I need more time": the check-in or the expected return (as the policy says) moves by the minutes asked, within the policy\'s limit (409 more-time-limit)',
  enter: 'The staff go in, with who is present',
  'check-in': 'A check-in with the office',
  leave: 'The staff leave the home',
  return: 'The staff are back safely',
  cancel: 'Cancel the visit, with the reason in writing',
  'raise-concern': 'Raise a safeguarding concern from the visit',
  panic: 'Panic: the alert goes out at once',
  'cancel-alarm': 'The staff call off their call for help as a false alarm, with their cancel PIN (their check-in code); the office is told (409 cancel-pin-wrong)',
  acknowledge: '"I have it": the alert stops escalating but stays open until it is resolved (409 alert-already-acknowledged, alert-already-resolved)',
  'resolve-alert': 'Resolve an alert, with the reason: acknowledged first if nobody had; a visit closes only once every alert is resolved (409 alert-already-resolved)',
  'resolve-follow-up': 'Settle a follow-up scheduled when the visit closed, before it falls due (it is then never announced)',
};

export function openApiDocument() {
  const requestSchemas = Object.fromEntries(ActionInput.options.map(({ shape }) => [bodyName(shape.name.value), shape.body]));
  const responseSchemas: Record<string, z.ZodType> = {
    ActionResult,
    LateSignal,
    HelpKeptApartResult,
    InvalidRequest,
    Unauthenticated,
    Refusal,
    BoardSummary,
    Board,
    MyVisits,
    VisitView,
    ...VISIT_STATE_PARTS,
    VisitPass,
    History,
    Report,
    Health,
  };

  const actionPaths = Object.fromEntries(
    VISIT_ACTIONS.map((action) => [
      `/visits/{id}/${action}`,
      {
        post: {
          operationId: `visit-${action}`,
          summary: ACTION_SUMMARIES[action],
          tags: ['actions'],
          parameters: [visitIdParameter, ...commandHeaders, actingRoleHeader],
          requestBody: { required: false, ...jsonContent(bodyName(action)) },
          responses: {
            '200': { description: 'Recorded (or already recorded under this Idempotency-Key).', ...jsonContent('ActionResult') },
            ...(action === 'panic'
              ? { '202': { description: 'The visit\'s record no longer parses: the office was alerted and the call for help kept in the visit\'s help stream.', ...jsonContent('HelpKeptApartResult') } }
              : {}),
            ...errors,
            '409': {
              description:
                'The visit\'s state or the school\'s policy does not allow it (`rule` says which), or `wait-already-ended`: recorded, but the stage waiting for it had already ended.',
              content: { 'application/json': { schema: { oneOf: [ref('Refusal'), ref('LateSignal')] } } },
            },
          },
        },
      },
    ]),
  );

  // One path per action, as for the signed-in actions, so the typed client knows each body.
  const passPaths = Object.fromEntries(
    PASS_ACTIONS.map((action) => [
      `/pass/visits/{id}/${action}`,
      {
        post: {
          operationId: `pass-${action}`,
          summary: `${ACTION_SUMMARIES[action]}, with a visit pass in place of a sign-in (no bearer token)`,
          tags: ['actions'],
          security: [{ visitPass: [] }],
          parameters: [visitIdParameter, ...commandHeaders],
          requestBody: { required: false, ...jsonContent(bodyName(action)) },
          responses: {
            '200': { description: 'Recorded (or already recorded under this Idempotency-Key, by pass or by sign-in).', ...jsonContent('ActionResult') },
            ...errors,
            '401': { description: 'No pass, or one that does not verify, has expired, or is for another visit or action.', ...jsonContent('Unauthenticated') },
            '409': { description: 'As for the signed-in action.', content: { 'application/json': { schema: { oneOf: [ref('Refusal'), ref('LateSignal')] } } } },
          },
        },
      },
    ]),
  );

  return {
    openapi: '3.1.0',
    info: {
      title: 'Home visits',
      version: '0.1.0',
      description: 'School home visits as durable, event-sourced workflows. Every route but /health needs a bearer JWT; roles come from its groups.',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    security: [{ bearerAuth: [] }],
    paths: {
      '/health': {
        get: { operationId: 'health', security: [], responses: { '200': { description: 'Up.', ...jsonContent('Health') } } },
      },
      '/openapi.json': {
        get: { operationId: 'openapi', responses: { '200': { description: 'This document.' }, '401': errors['401'] } },
      },
      '/visits': {
        post: {
          operationId: 'visit-request',
          summary: 'Request a visit (idempotent on the body\'s visitId)',
          tags: ['actions'],
          parameters: [...commandHeaders, actingRoleHeader],
          requestBody: { required: true, ...jsonContent(bodyName('request')) },
          responses: {
            '201': { description: 'Requested; the workflow has started.', ...jsonContent('ActionResult') },
            '200': { description: 'The same request again: the first answer, nothing written.', ...jsonContent('ActionResult') },
            ...errors,
            '409': { description: 'The policy does not allow this visit, or the visitId is taken by another request.', ...jsonContent('Refusal') },
          },
        },
        get: {
          operationId: 'board',
          summary: 'The office board: who is out, the next deadline, the escalation level, the open alerts (office, DSL, SLT, headteacher, admin, auditor)',
          tags: ['reads'],
          parameters: queryParameters(BoardQuery),
          responses: { '200': { description: 'Most urgent first.', ...jsonContent('Board') }, '400': errors['400'], '401': errors['401'], '403': errors['403'] },
        },
      },
      '/me/visits': {
        get: {
          operationId: 'my-visits',
          summary: 'The caller\'s own visits, active or planned for today, newest appointment first, as their staff read them (never a duress alert)',
          tags: ['reads'],
          parameters: queryParameters(MyVisitsQuery),
          responses: { '200': { description: 'Board lines built from the staff view.', ...jsonContent('MyVisits') }, '400': errors['400'], '401': errors['401'] },
        },
      },
      '/visits/{id}': {
        get: {
          operationId: 'visit',
          summary: 'The visit\'s current state',
          tags: ['reads'],
          parameters: [visitIdParameter],
          responses: { '200': { description: 'Folded from its events; with the responder view (staff mobiles, what to do, whom to call) for the office\'s roles only.', ...jsonContent('VisitView') }, '401': errors['401'], '403': errors['403'], '404': errors['404'] },
        },
      },
      '/visits/{id}/history': {
        get: {
          operationId: 'visit-history',
          summary: 'The event stream with its integrity verdict (auditor, DSL, headteacher, admin); every read is recorded in the visit\'s audit stream',
          tags: ['reads'],
          parameters: [visitIdParameter, ...queryParameters(HistoryQuery)],
          responses: { '200': { description: 'Events in order.', ...jsonContent('History') }, ...errors },
        },
      },
      '/visits/{id}/report': {
        get: {
          operationId: 'visit-report',
          summary: 'The filed CPOMS-style report',
          tags: ['reads'],
          parameters: [visitIdParameter, ...queryParameters(ReportQuery)],
          responses: {
            '200': {
              description: 'The report: JSON as filed (format=json), Markdown (format=md) or a PDF (format=pdf; base64 through a Lambda proxy integration).',
              content: {
                ...jsonContent('Report').content,
                'text/markdown': { schema: { type: 'string' } },
                'application/pdf': { schema: { type: 'string', format: 'binary' } },
              },
            },
            ...errors,
            '404': { description: 'No such visit, or no report filed yet.', ...jsonContent('Refusal') },
            '409': { description: '`report-unreadable`: the filed body does not match the report schema.', ...jsonContent('Refusal') },
          },
        },
      },
      '/me/visits/{id}/pass': {
        post: {
          operationId: 'visit-pass',
          summary: `A visit pass for the signed-in member of staff assigned to the visit: ${PASS_ACTIONS.join(', ')} on this visit alone, after the sign-in lapses, until the visit's expected return plus a margin`,
          tags: ['actions'],
          parameters: [visitIdParameter, actingRoleHeader],
          responses: {
            '200': { description: 'The pass.', ...jsonContent('VisitPass') },
            ...errors,
            '403': { description: '`visit-pass-for-staff`, `assigned-staff-only`, or `visit-over` (the staff are back, or it ended).', ...jsonContent('Refusal') },
          },
        },
      },
      ...passPaths,
      ...actionPaths,
    },
    components: {
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        visitPass: { type: 'apiKey', in: 'header', name: 'Authorization', description: `\`${PASS_SCHEME} <pass>\`: the pass from POST /me/visits/{id}/pass` },
      },
      schemas: { ...components('input', requestSchemas), ...components('output', responseSchemas) },
    },
  };
}
