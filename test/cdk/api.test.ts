import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { HumanRole } from '../../functions/core/actor';
import { apiRoutes, PASS_ROUTE, REPORT_ROUTE, startVisitBodySchema } from '../../lib/api';
import { TASK_RESPONSE_ACTIONS, type TaskResponseAction } from '../../lib/task-response';
import { actionsOf, policyStatements, refersTo, synthSampleTrust, type SampleTrustStack } from './sample-trust';

/** The HTTP API on API Gateway: Cognito on every route but health, validation, throttling, logs, and what its Lambda may do. */
let synth: SampleTrustStack;
beforeAll(() => {
  synth = synthSampleTrust();
});

interface Method {
  readonly path: string;
  readonly HttpMethod: string;
  readonly AuthorizationType: string;
  readonly AuthorizerId?: unknown;
  readonly RequestValidatorId?: unknown;
  readonly RequestModels?: Record<string, unknown>;
  readonly RequestParameters?: Record<string, boolean>;
  readonly Integration: { Type: string; Uri: unknown };
}

/** The API's methods with their full resource paths, rebuilt from the Resource tree; not the CORS preflights (OPTIONS, site.test.ts). */
function methods(): Method[] {
  const resources = synth.resources('AWS::ApiGateway::Resource');
  const pathOf = (parent: unknown): string => {
    const ref = (parent as { Ref?: string }).Ref;
    if (!ref) return ''; // Fn::GetAtt RootResourceId
    const resource = resources[ref]!.Properties as { ParentId: unknown; PathPart: string };
    return `${pathOf(resource.ParentId)}/${resource.PathPart}`;
  };
  return Object.values(synth.resources('AWS::ApiGateway::Method'))
    .map((method) => {
      const properties = method.Properties as Omit<Method, 'path'> & { ResourceId: unknown };
      return { ...properties, path: pathOf(properties.ResourceId) || '/' };
    })
    .filter((method) => method.HttpMethod !== 'OPTIONS');
}

describe('the routes', () => {
  it('are exactly the routes the API\'s router lists', () => {
    const deployed = methods().map((method) => `${method.HttpMethod} ${method.path}`).sort();
    expect(deployed).toEqual(apiRoutes().map((route) => `${route.method} ${route.resource}`).sort());
    expect(deployed).toContain('POST /visits/{id}/{action}');
  });

  it('all need the Cognito user pool authorizer, except GET /health and the visit pass\'s route (its Lambda verifies the pass)', () => {
    const authorizers = Object.keys(synth.resources('AWS::ApiGateway::Authorizer'));
    expect(authorizers).toHaveLength(1);
    const open = methods().filter((method) => method.AuthorizationType === 'NONE').map((method) => `${method.HttpMethod} ${method.path}`);
    expect(open.sort()).toEqual(['GET /health', `${PASS_ROUTE.method} ${PASS_ROUTE.resource}`].sort());
    for (const method of methods()) {
      if (open.includes(`${method.HttpMethod} ${method.path}`)) {
        expect(method.AuthorizerId).toBeUndefined();
      } else {
        expect({ route: `${method.HttpMethod} ${method.path}`, type: method.AuthorizationType, authorizer: method.AuthorizerId }).toEqual({
          route: `${method.HttpMethod} ${method.path}`,
          type: 'COGNITO_USER_POOLS',
          authorizer: { Ref: authorizers[0] },
        });
      }
    }
    synth.template.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'COGNITO_USER_POOLS',
      ProviderARNs: [{ 'Fn::GetAtt': [synth.logicalId(synth.stack.api.userPool), 'Arn'] }],
    });
  });

  it('all go to the API Lambda through a proxy integration, but the report, which has its own', () => {
    const handler = synth.logicalId(synth.stack.api.handler);
    const reportHandler = synth.logicalId(synth.stack.api.reportHandler);
    const isReport = (method: Method) => method.HttpMethod === REPORT_ROUTE.method && method.path === REPORT_ROUTE.resource;
    expect(methods().filter(isReport)).toHaveLength(1);
    for (const method of methods()) {
      expect(method.Integration.Type).toBe('AWS_PROXY');
      expect(refersTo(method.Integration.Uri, isReport(method) ? reportHandler : handler)).toBe(true);
      expect(refersTo(method.Integration.Uri, isReport(method) ? handler : reportHandler)).toBe(false);
    }
  });

  it('validate path parameters, and the body of POST /visits against the schema the handler parses with', () => {
    const validators = synth.resources('AWS::ApiGateway::RequestValidator');
    const [validator, ...others] = Object.entries(validators);
    expect(others).toEqual([]);
    expect(validator![1].Properties).toMatchObject({ ValidateRequestBody: true, ValidateRequestParameters: true });

    const act = methods().find((m) => m.HttpMethod === 'POST' && m.path === '/visits/{id}/{action}')!;
    expect(act).toMatchObject({ RequestValidatorId: { Ref: validator![0] }, RequestParameters: { 'method.request.path.id': true, 'method.request.path.action': true } });

    const start = methods().find((m) => m.HttpMethod === 'POST' && m.path === '/visits')!;
    const [modelId, model] = Object.entries(synth.resources('AWS::ApiGateway::Model'))[0]!;
    expect(start.RequestModels).toEqual({ 'application/json': { Ref: modelId } });
    expect(model.Properties).toMatchObject({ ContentType: 'application/json', Schema: startVisitBodySchema() });
    expect(startVisitBodySchema()).toMatchObject({ $schema: 'http://json-schema.org/draft-04/schema#', required: ['visitId', 'details'], additionalProperties: false });
  });

  it('send the PDF report as bytes (binary media type)', () => {
    synth.template.hasResourceProperties('AWS::ApiGateway::RestApi', { BinaryMediaTypes: ['application/pdf'] });
  });

  it('answer API Gateway\'s own refusals in the API\'s error shapes', () => {
    const responses = Object.values(synth.resources('AWS::ApiGateway::GatewayResponse')).map((r) => r.Properties as Record<string, unknown>);
    expect(responses).toContainEqual(expect.objectContaining({ ResponseType: 'UNAUTHORIZED', StatusCode: '401' }));
    expect(responses).toContainEqual(expect.objectContaining({ ResponseType: 'BAD_REQUEST_BODY', StatusCode: '400' }));
    expect(responses).toContainEqual(expect.objectContaining({ ResponseType: 'MISSING_AUTHENTICATION_TOKEN', StatusCode: '404' }));
  });
});

describe('the stage', () => {
  it('is throttled as the trust config says, logs errors without bodies, traces, and writes access logs', () => {
    const { rateLimit, burstLimit } = synth.trust.config.api;
    const accessLogs = synth.logicalId(synth.stack.api.accessLogs);
    synth.template.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: 'prod',
      TracingEnabled: true,
      MethodSettings: [
        { HttpMethod: '*', ResourcePath: '/*', ThrottlingRateLimit: rateLimit, ThrottlingBurstLimit: burstLimit, LoggingLevel: 'ERROR', DataTraceEnabled: false, MetricsEnabled: true },
      ],
      AccessLogSetting: { DestinationArn: { 'Fn::GetAtt': [accessLogs, 'Arn'] }, Format: Match.stringLikeRegexp('context.authorizer.claims.sub') },
    });
  });
});

describe('the user pool', () => {
  it('lets the app client read the standard name attribute, so the ID token names the caller (the record names people, not ids)', () => {
    const pool = synth.resources('AWS::Cognito::UserPool')[synth.logicalId(synth.stack.api.userPool)]!;
    const schema = ((pool.Properties as { Schema?: { Name: string; Required?: boolean }[] }).Schema ?? []);
    // Optional: a user without a name is recorded by id (a required attribute cannot be changed on a live pool).
    expect(schema.filter((attribute) => attribute.Name === 'name' && attribute.Required)).toEqual([]);
    const clients = Object.values(synth.resources('AWS::Cognito::UserPoolClient')).map((client) => client.Properties as { ReadAttributes?: string[] });
    expect(clients.length).toBeGreaterThan(0);
    for (const client of clients) if (client.ReadAttributes) expect(client.ReadAttributes).toContain('name');
  });

  it('has one group per role, and nobody signs themselves up', () => {
    const groups = Object.values(synth.resources('AWS::Cognito::UserPoolGroup')).map((group) => (group.Properties as { GroupName: string }).GroupName);
    expect(groups.sort()).toEqual([...HumanRole.options].sort());
    synth.template.hasResourceProperties('AWS::Cognito::UserPool', { AdminCreateUserConfig: { AllowAdminCreateUserOnly: true } });
  });

  it('requires MFA and strong passwords, is on the Plus plan with threat protection, and is retained', () => {
    const pool = synth.resources('AWS::Cognito::UserPool')[synth.logicalId(synth.stack.api.userPool)]!;
    expect(pool).toMatchObject({
      DeletionPolicy: 'Retain',
      Properties: {
        MfaConfiguration: 'ON',
        EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
        UserPoolTier: 'PLUS',
        DeletionProtection: 'ACTIVE',
        UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
        Policies: { PasswordPolicy: { MinimumLength: 12, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true } },
      },
    });
  });
});

describe('the app client', () => {
  it('signs in with SRP (the CLI) and the hosted sign-in\'s code grant (the web app, site.test.ts), never the implicit grant, and has no secret', () => {
    const client = synth.resources('AWS::Cognito::UserPoolClient')[synth.logicalId(synth.stack.api.userPoolClient)]!;
    expect(client.Properties).toMatchObject({
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      GenerateSecret: false,
    });
  });
});

describe('the API Lambda', () => {
  const statementsOf = () => policyStatements(synth.template).filter((s) => s.roles.includes(synth.logicalId(synth.stack.api.handler.role!)));

  it('may start and describe executions of the visit workflow and answer task tokens, and nothing else in Step Functions', () => {
    const machine = synth.logicalId(synth.stack.workflow.stateMachine);
    const states = statementsOf().filter((s) => actionsOf(s).some((action) => action.startsWith('states:')));
    expect(states.flatMap(actionsOf).sort()).toEqual(
      // Only what it sends: the API completes waiting tasks, and never fails one or beats a heart.
      ['states:DescribeExecution', 'states:SendTaskSuccess', 'states:StartExecution'].sort(),
    );
    for (const statement of states.filter((s) => !actionsOf(s).some((action) => TASK_RESPONSE_ACTIONS.includes(action as TaskResponseAction)))) {
      expect(refersTo(statement.Resource, machine)).toBe(true);
    }
    const describe = states.find((s) => actionsOf(s).includes('states:DescribeExecution'))!;
    expect(JSON.stringify(describe.Resource)).toContain(':execution:');
  });

  it('names no resource "*" except for X-Ray and answering task tokens, whose actions have no resource type', () => {
    const star = statementsOf().filter((s) => JSON.stringify(s.Resource) === '"*"');
    expect(star.flatMap(actionsOf).sort()).toEqual(
      ['states:SendTaskSuccess', 'xray:PutTelemetryRecords', 'xray:PutTraceSegments'].sort(),
    );
    const tasks = star.find((s) => actionsOf(s).includes('states:SendTaskSuccess'))!;
    expect(actionsOf(tasks)).toEqual(['states:SendTaskSuccess']);
  });

  it('is told its tables, state machine and the site\'s origin, not the alerts topic; the policies come in its bundle, not its environment', () => {
    const fn = synth.resources('AWS::Lambda::Function')[synth.logicalId(synth.stack.api.handler)]!;
    const variables = (fn.Properties as { Environment: { Variables: Record<string, unknown> } }).Environment.Variables;
    expect(Object.keys(variables).sort()).toEqual(
      ['BOARD_TABLE', 'DURESS_TABLE', 'EVENTS_TABLE', 'NODE_OPTIONS', 'SITE_ORIGIN', 'STATE_MACHINE_ARN', 'TOKENS_TABLE', 'VISIT_PASS_KEY'].sort(),
    );
    expect(fn.Properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], TracingConfig: { Mode: 'Active' } });
  });

  it('alone may make and check visit passes, with an HMAC key in KMS that never leaves it', () => {
    const key = synth.logicalId(synth.stack.api.passKey);
    synth.template.hasResourceProperties('AWS::KMS::Key', { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
    const mac = policyStatements(synth.template).filter((s) => actionsOf(s).some((action) => action === 'kms:GenerateMac' || action === 'kms:VerifyMac'));
    expect(mac.flatMap((s) => s.roles)).toEqual([synth.logicalId(synth.stack.api.handler.role!)]);
    expect(mac.flatMap(actionsOf).sort()).toEqual(['kms:GenerateMac', 'kms:VerifyMac']);
    expect(refersTo(mac[0]!.Resource, key)).toBe(true);
  });
});

describe('the report Lambda', () => {
  const role = () => synth.logicalId(synth.stack.api.reportHandler.role!);

  it('may only read the event table and decrypt with the data key, besides its logs and X-Ray', () => {
    const statements = policyStatements(synth.template).filter((s) => s.roles.includes(role()));
    const events = synth.logicalId(synth.stack.eventTable);
    const key = synth.logicalId(synth.stack.key);
    const actions = statements.flatMap(actionsOf).sort();

    expect(actions).toEqual(
      ['dynamodb:GetItem', 'dynamodb:Query', 'kms:Decrypt', 'logs:CreateLogStream', 'logs:PutLogEvents', 'xray:PutTelemetryRecords', 'xray:PutTraceSegments'].sort(),
    );
    for (const statement of statements.filter((s) => actionsOf(s).some((action) => action.startsWith('dynamodb:')))) {
      expect(refersTo(statement.Resource, events)).toBe(true);
    }
    for (const statement of statements.filter((s) => actionsOf(s).includes('kms:Decrypt'))) {
      expect(refersTo(statement.Resource, key)).toBe(true);
    }
  });

  it('is told only the event table and the site\'s origin', () => {
    const fn = synth.resources('AWS::Lambda::Function')[synth.logicalId(synth.stack.api.reportHandler)]!;
    const variables = (fn.Properties as { Environment: { Variables: Record<string, unknown> } }).Environment.Variables;
    expect(Object.keys(variables).sort()).toEqual(['EVENTS_TABLE', 'NODE_OPTIONS', 'SITE_ORIGIN']);
    expect(fn.Properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], TracingConfig: { Mode: 'Active' } });
  });
});
