import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { createHash } from 'node:crypto';
import * as z from 'zod';
import { MemoryDuressCodes } from '../functions/adapters/duress-codes';
import { InMemoryEventStore } from '../functions/adapters/memory-event-store';
import { MemoryTaskTokenStore } from '../functions/adapters/task-tokens';
import { MemoryVisitBoard } from '../functions/adapters/visit-board';
import { createApi } from '../functions/api';
import type { RouteSpec } from '../functions/api/router';
import { policyRegistry } from '../functions/app/policy-registry';
import { HumanRole } from '../functions/core/actor';
import { systemClock } from '../functions/core/clock';
import { ActionBodies } from '../functions/core/commands';
import type { Policy } from '../functions/core/policy';
import type { CognitoSes } from '../policies/load';
import { BINARY_MEDIA_TYPES } from './binary-media-types';
import { acknowledgeKmsGrants, handlerFunction, LOG_RETENTION } from './handler-function';
import { acknowledge, wildcardResourceFinding } from './nag';
import type { SiteAddresses } from './site';
import { taskResponsePolicy } from './task-response';
import { grantVisitService, visitServiceEnvironment, type VisitServicePorts } from './visit-service-ports';
import { EXPOSED_HEADERS } from '../functions/api/cors';

/** The API Lambda's handler file (every route but the report), relative to the repository root. */
export const API_ENTRY = 'functions/api/lambda.ts';

/** The report Lambda's handler file: GET /visits/{id}/report, the one route that draws PDFs. */
export const REPORT_ENTRY = 'functions/api/report-lambda.ts';
/**
 * pdfkit cannot be bundled: its Node build loads the standard fonts with a require relative to its
 * own package.json (`#standard-fonts/Helvetica`), which a bundle does not have, so a bundled report
 * Lambda failed its first PDF (foliojs/pdfkit#1801). It is installed beside the bundle instead.
 */
export const REPORT_NODE_MODULES = ['pdfkit'] as const;

/** The route the report Lambda serves. */
export const REPORT_ROUTE = { method: 'GET', resource: '/visits/{id}/report' } as const;

/**
 * The trust's policies as an esbuild `define` for the API bundle: `process.env.TRUST_POLICIES`
 * becomes a string literal holding their JSON (Lambda's environment holds 4 KB). Their citations
 * stay in the files: checked at synth, they are half of each policy's size and no rule reads them,
 * so the bundle (and each visit's execution input) carries the rules alone. `policyRegistryFromEnv`
 * parses each policy when first asked for.
 */
export function trustPoliciesDefine(policies: readonly Policy[]): Record<string, string> {
  const rules = policies.map(({ citations: _citations, ...rest }) => rest);
  return { 'process.env.TRUST_POLICIES': JSON.stringify(JSON.stringify(rules)) };
}

/** The one route anyone may call without a token. */
export const PUBLIC_ROUTE = { method: 'GET', resource: '/health' } as const;

/**
 * The route a visit pass opens (functions/api/visit-pass.ts): no Cognito authorizer, since a pass is
 * what a member of staff holds when their sign-in has lapsed; the Lambda verifies it with KMS first.
 */
export const PASS_ROUTE = { method: 'POST', resource: '/pass/visits/{id}/{action}' } as const;

/**
 * The API's routes (method and resource) as the API itself lists them, so API Gateway and the
 * router cannot drift apart. The API is built over in-memory ports for this and never called.
 */
export function apiRoutes(): Array<Pick<RouteSpec, 'method' | 'resource'>> {
  const notAtSynth = async (): Promise<never> => {
    throw new Error('the route table is built at synthesis only: nothing may call it');
  };
  const api = createApi({
    store: new InMemoryEventStore(),
    tokens: new MemoryTaskTokenStore(),
    board: new MemoryVisitBoard(),
    duress: new MemoryDuressCodes(new Map()),
    passKey: { sign: notAtSynth, verify: notAtSynth },
    signals: { success: notAtSynth, failure: notAtSynth, heartbeat: notAtSynth },
    starter: { start: notAtSynth },
    clock: systemClock,
    policies: policyRegistry([]),
  });
  return api.routes.map(({ method, resource }) => ({ method, resource }));
}

/** The request body of POST /visits as JSON Schema draft 4 (what API Gateway models speak), from the zod schema the handler parses with. */
export function startVisitBodySchema(): Record<string, unknown> {
  return z.toJSONSchema(ActionBodies.request, { io: 'input', target: 'draft-04', unrepresentable: 'any' }) as Record<string, unknown>;
}

const GROUP_DESCRIPTIONS: Record<HumanRole, string> = {
  staff: 'Staff who carry out home visits',
  office: 'The school office: first responders to overdue check-ins',
  dsl: 'Designated safeguarding leads',
  slt: 'Senior leadership team',
  headteacher: 'Headteachers',
  auditor: 'Auditors: read visit histories and reports only',
  admin: 'Trust administrators',
};

/** The REST API's name, per trust: API Gateway's metrics (and the 5xx alarm) are keyed by it, and trusts may share an account. */
export const restApiName = (trustId: string): string => `home-visits-${trustId}`;

/** The request headers the web app sends the API (CORS preflight `Access-Control-Allow-Headers`). */
export const CORS_REQUEST_HEADERS = ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Claimed-At', 'X-Acting-Role'] as const;

/** Cognito domain prefixes: at most 63 characters, and none may contain these words. */
const DOMAIN_PREFIX_MAX = 63;
const DOMAIN_PREFIX_REFUSED = /aws|amazon|cognito/;

/**
 * The hosted sign-in's domain prefix, `<prefix>.auth.<region>.amazoncognito.com`:
 * `home-visits-<trustId>-<account id>`. Cognito prefixes are unique across every AWS account in a
 * region, so the trust id alone could be someone else's (or the same trust's in a staging
 * account); the account id makes it this deployment's. A trust id Cognito would refuse (too long,
 * or containing "aws", "amazon" or "cognito", as "lawson…" does) is replaced by its hash.
 */
export function signInDomainPrefix(trustId: string, account: string): string {
  const readable = `home-visits-${trustId}`;
  const room = DOMAIN_PREFIX_MAX - '-123456789012'.length;
  const name = readable.length <= room && !DOMAIN_PREFIX_REFUSED.test(readable)
    ? readable
    : `home-visits-${createHash('sha256').update(trustId).digest('hex').slice(0, 16)}`;
  return `${name}-${account}`;
}

export interface VisitsApiProps extends VisitServicePorts {
  /** Names the REST API (`home-visits-<trustId>`). */
  readonly trustId: string;
  /** The trust's school policies, built into the handler's bundle (too big for Lambda's environment). */
  readonly policies: readonly Policy[];
  /** Stage-wide throttling. */
  readonly throttling: { readonly rateLimit: number; readonly burstLimit: number };
  /**
   * The SES identity the user pool sends its invitations and password resets from (the trust config's `cognito.ses`).
   * @default Cognito's built-in sender, which sends only a few emails a day per account
   */
  readonly ses?: CognitoSes;
  /**
   * The web app (lib/site.ts): the API answers its origin alone (CORS), and people sign in to it
   * through Cognito's hosted sign-in, which sends them back to its pages.
   * @default no CORS, no hosted sign-in: the app client signs in with SRP only (the CLI)
   */
  readonly site?: SiteAddresses;
}

/**
 * The HTTP API: a REST API Gateway in front of one Lambda (the router dispatches on method and
 * path) and, for the report, a second that reads events and draws PDFs (so pdfkit is not loaded
 * on the path check-ins and panic take), a Cognito user pool whose groups are the roles, its authorizer on every route but
 * GET /health, request validation, stage throttling, access logs and execution logs at ERROR. With
 * the web app: the pool's hosted sign-in, and CORS for the site's origin alone.
 */
export class VisitsApi extends Construct {
  readonly userPool: cognito.UserPool;
  readonly userPoolClient: cognito.UserPoolClient;
  readonly restApi: apigw.RestApi;
  readonly handler: nodejs.NodejsFunction;
  readonly reportHandler: nodejs.NodejsFunction;
  readonly accessLogs: logs.LogGroup;
  /** The hosted sign-in (managed login) for the web app; only with a site. */
  readonly signIn?: cognito.UserPoolDomain;
  /** `https://<id>.execute-api.<region>.amazonaws.com`: names the REST API alone, not its stage, so the site's CSP may name it. */
  readonly origin: string;
  /** The stage's URL without a trailing slash (`<origin>/prod`), what the pages put before each path. */
  readonly url: string;
  /** Signs and verifies visit passes: an HMAC key only the API Lambda may use. */
  readonly passKey: kms.Key;

  constructor(scope: Construct, id: string, props: VisitsApiProps) {
    super(scope, id);
    const { eventStore, stateMachine, site } = props;

    this.userPool = new cognito.UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: { minLength: 12, requireLowercase: true, requireUppercase: true, requireDigits: true, requireSymbols: true },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      ...(props.ses ? { email: cognito.UserPoolEmail.withSES({ ...props.ses, sesRegion: props.ses.sesRegion ?? Stack.of(this).region }) } : {}),
    });
    for (const role of HumanRole.options) {
      this.userPool.addGroup(`Group-${role}`, { groupName: role, description: GROUP_DESCRIPTIONS[role] });
    }
    this.userPoolClient = this.userPool.addClient('AppClient', {
      // SRP for the CLI; with the web app, Cognito's hosted sign-in too: the authorization-code grant
      // only (the browser adds PKCE: a public client, no secret), back to the site's signed-in page.
      // Without a site no OAuth flow at all: CDK's default would enable the implicit and code grants
      // with an https://example.com callback.
      ...(site
        ? {
            oAuth: {
              flows: { authorizationCodeGrant: true },
              scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
              callbackUrls: [site.signedInUrl],
              logoutUrls: [site.signedOutUrl],
            },
            supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
          }
        : { disableOAuth: true }),
      authFlows: { userSrp: true },
      generateSecret: false,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      // No readAttributes: the client reads every attribute, so the ID token carries the standard
      // `name` attribute (every pool has it, optional and mutable; set it when creating a user),
      // which the API records with each event so the record names people, not user ids.
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
    });
    if (site) {
      this.signIn = this.userPool.addDomain('SignIn', {
        cognitoDomain: { domainPrefix: signInDomainPrefix(props.trustId, Stack.of(this).account) },
        managedLoginVersion: cognito.ManagedLoginVersion.NEWER_MANAGED_LOGIN,
      });
      // Managed login shows a client's pages only once the client has a style: Cognito's own.
      new cognito.CfnManagedLoginBranding(this, 'SignInStyle', {
        userPoolId: this.userPool.userPoolId,
        clientId: this.userPoolClient.userPoolClientId,
        useCognitoProvidedValues: true,
      });
    }
    const siteOrigin: Record<string, string> = site ? { SITE_ORIGIN: site.origin } : {};

    // A pass is worth a day at most, so the key holds nothing to keep: a deleted stack deletes it.
    this.passKey = new kms.Key(this, 'VisitPassKey', {
      description: 'Home visits: signs and verifies visit passes (HMAC); only the API Lambda may use it',
      keySpec: kms.KeySpec.HMAC_256,
      keyUsage: kms.KeyUsage.GENERATE_VERIFY_MAC,
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });

    this.handler = handlerFunction(this, 'Handler', {
      entry: API_ENTRY,
      description: 'Home visits HTTP API (every route, behind API Gateway)',
      timeout: Duration.seconds(25),
      environment: {
        ...visitServiceEnvironment(props),
        VISIT_PASS_KEY: this.passKey.keyArn,
        ...siteOrigin,
      },
      define: trustPoliciesDefine(props.policies),
    });
    grantVisitService(this.handler, props);
    this.passKey.grant(this.handler, 'kms:GenerateMac', 'kms:VerifyMac');
    stateMachine.grants.startExecution(this.handler);
    const describeExecutions = stateMachine.grants.execution(this.handler, 'states:DescribeExecution');
    // Answering a task token (an action waking its wait) on Resource "*": lib/task-response.ts says why.
    // The API only completes a waiting task (visit-service's signals.success): no failure, no heartbeat.
    this.handler.node.addDependency(taskResponsePolicy(this, 'HandlerAnswersTasks', this.handler.role!, ['states:SendTaskSuccess']));

    this.reportHandler = handlerFunction(this, 'ReportHandler', {
      entry: REPORT_ENTRY,
      nodeModules: REPORT_NODE_MODULES,
      description: 'Home visits HTTP API: GET /visits/{id}/report (JSON, Markdown, PDF)',
      timeout: Duration.seconds(25),
      environment: { EVENTS_TABLE: eventStore.table.tableName, ...siteOrigin },
      // Staff read the report a twin visit without their duress check-in has: built from the policy.
      define: trustPoliciesDefine(props.policies),
    });
    eventStore.grantRead(this.reportHandler);

    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', { retention: LOG_RETENTION });
    this.restApi = new apigw.RestApi(this, 'RestApi', {
      description: 'Home visits: start visits, act on them, read the board, histories and reports',
      restApiName: restApiName(props.trustId),
      endpointConfiguration: { types: [apigw.EndpointType.REGIONAL] },
      // The logging role is an account-and-region setting, made once by HomeVisits-Account-<region> (lib/account-setup.ts).
      cloudWatchRole: false,
      // GET /visits/{id}/report?format=pdf answers base64 with isBase64Encoded: API Gateway sends it as bytes
      // to a request whose first Accept type is one of these (the local adapter follows the same list).
      binaryMediaTypes: [...BINARY_MEDIA_TYPES],
      // The web app calls from its own origin: API Gateway answers the preflight (an OPTIONS method
      // on every resource), the Lambdas name the origin in their answers (SITE_ORIGIN).
      ...(site
        ? {
            defaultCorsPreflightOptions: {
              allowOrigins: [site.origin],
              allowMethods: ['GET', 'POST', 'OPTIONS'],
              allowHeaders: [...CORS_REQUEST_HEADERS],
              maxAge: Duration.hours(1),
            },
          }
        : {}),
      deployOptions: {
        stageName: 'prod',
        throttlingRateLimit: props.throttling.rateLimit,
        throttlingBurstLimit: props.throttling.burstLimit,
        loggingLevel: apigw.MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
        metricsEnabled: true,
        tracingEnabled: true,
        accessLogDestination: new apigw.LogGroupLogDestination(this.accessLogs),
        accessLogFormat: apigw.AccessLogFormat.custom(
          JSON.stringify({
            requestId: apigw.AccessLogField.contextRequestId(),
            requestTime: apigw.AccessLogField.contextRequestTime(),
            ip: apigw.AccessLogField.contextIdentitySourceIp(),
            user: apigw.AccessLogField.contextAuthorizerClaims('sub'),
            method: apigw.AccessLogField.contextHttpMethod(),
            resource: apigw.AccessLogField.contextResourcePath(),
            path: apigw.AccessLogField.contextPath(),
            status: apigw.AccessLogField.contextStatus(),
            responseLength: apigw.AccessLogField.contextResponseLength(),
            integrationLatency: apigw.AccessLogField.contextIntegrationLatency(),
            error: apigw.AccessLogField.contextErrorMessage(),
          }),
        ),
      },
    });
    this.origin = `https://${this.restApi.restApiId}.execute-api.${Stack.of(this).region}.${Stack.of(this).urlSuffix}`;
    this.url = `${this.origin}/${this.restApi.deploymentStage.stageName}`;
    this.gatewayResponses(site);

    const authorizer = new apigw.CognitoUserPoolsAuthorizer(this, 'Authorizer', { cognitoUserPools: [this.userPool] });
    const validator = this.restApi.addRequestValidator('Validator', { validateRequestBody: true, validateRequestParameters: true });
    // The L1 model takes the generated JSON Schema as it is (the L2 wants CDK's own schema type).
    const startVisitBody = new apigw.CfnModel(this, 'StartVisitBody', {
      restApiId: this.restApi.restApiId,
      contentType: 'application/json',
      description: 'POST /visits, from the zod schema the handler parses with (ActionBodies.request)',
      schema: startVisitBodySchema(),
    });
    const startVisitModel = apigw.Model.fromModelName(this, 'StartVisitModel', startVisitBody.ref);
    const integration = new apigw.LambdaIntegration(this.handler, { proxy: true, scopePermissionToMethod: false });
    const reportIntegration = new apigw.LambdaIntegration(this.reportHandler, { proxy: true });

    for (const route of apiRoutes()) {
      const resource = this.restApi.root.resourceForPath(route.resource);
      const pathParameters = [...route.resource.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);
      if (route.method === PUBLIC_ROUTE.method && route.resource === PUBLIC_ROUTE.resource) {
        const health = resource.addMethod(route.method, integration, { authorizationType: apigw.AuthorizationType.NONE });
        acknowledge(health, 'GET /health is public by design: a liveness probe that reads nothing and names no one.', 'AwsSolutions-APIG4', 'AwsSolutions-COG4');
        continue;
      }
      if (route.method === PASS_ROUTE.method && route.resource === PASS_ROUTE.resource) {
        const withPass = resource.addMethod(route.method, integration, {
          authorizationType: apigw.AuthorizationType.NONE,
          requestValidator: validator,
          requestParameters: Object.fromEntries(pathParameters.map((name) => [`method.request.path.${name}`, true])),
        });
        acknowledge(
          withPass,
          'POST /pass/visits/{id}/{action} takes a visit pass, not a Cognito token: it is how a member of staff whose sign-in lapsed mid-visit still calls for help, checks in and says they are back. The Lambda verifies the pass (a KMS HMAC only it may use) before reading anything, and accepts only panic, check-in and return on the one visit the pass names.',
          'AwsSolutions-APIG4',
          'AwsSolutions-COG4',
        );
        continue;
      }
      const isReport = route.method === REPORT_ROUTE.method && route.resource === REPORT_ROUTE.resource;
      resource.addMethod(route.method, isReport ? reportIntegration : integration, {
        authorizer,
        authorizationType: apigw.AuthorizationType.COGNITO,
        requestValidator: validator,
        requestParameters: Object.fromEntries(pathParameters.map((name) => [`method.request.path.${name}`, true])),
        ...(route.method === 'POST' && route.resource === '/visits' ? { requestModels: { 'application/json': startVisitModel } } : {}),
      });
    }

    for (const preflight of this.restApi.methods.filter((method) => method.httpMethod === 'OPTIONS')) {
      acknowledge(
        preflight,
        'A CORS preflight (OPTIONS) is answered by API Gateway itself (a mock integration) without a token: browsers send none with a preflight, and it reads nothing and names no one.',
        'AwsSolutions-APIG4',
        'AwsSolutions-COG4',
      );
    }
    acknowledge(
      this.restApi.deploymentStage,
      'No WAF web ACL by default: every route but /health needs a Cognito token (MFA, threat protection) and the stage is throttled. A trust that wants WAF associates its own web ACL with the stage.',
      'AwsSolutions-APIG3',
    );
    acknowledgeKmsGrants(this.handler);
    acknowledge(
      this.handler.role!,
      'states:DescribeExecution on this state machine\'s executions only (`execution:<its name>:*`, as the CDK grant method writes it): execution names are visit ids, unknown until a visit starts.',
      ...describeExecutions.principalStatements.flatMap((statement) => statement.resources).map((resource) => wildcardResourceFinding(this, resource)),
    );
  }

  /**
   * API Gateway's own refusals in the API's error shapes (the handler never sees these requests),
   * naming the site's origin so the pages can read them (a 401 tells a page to sign in again). A
   * response type set here replaces the default one, headers and all, so each carries them.
   */
  private gatewayResponses(site: SiteAddresses | undefined): void {
    const responseHeaders = site
      ? { responseHeaders: { 'Access-Control-Allow-Origin': `'${site.origin}'`, 'Access-Control-Expose-Headers': `'${EXPOSED_HEADERS.join(', ')}'`, Vary: "'Origin'" } }
      : {};
    const json = (body: string) => ({ 'application/json': body });
    const invalidRequest = json('{"error":"invalid-request","issues":[{"path":"","message":$context.error.messageString}]}');
    this.restApi.addGatewayResponse('BadRequestBody', { type: apigw.ResponseType.BAD_REQUEST_BODY, statusCode: '400', templates: invalidRequest, ...responseHeaders });
    this.restApi.addGatewayResponse('BadRequestParameters', { type: apigw.ResponseType.BAD_REQUEST_PARAMETERS, statusCode: '400', templates: invalidRequest, ...responseHeaders });
    this.restApi.addGatewayResponse('Unauthorized', {
      type: apigw.ResponseType.UNAUTHORIZED,
      statusCode: '401',
      templates: json('{"error":"unauthenticated","message":$context.error.messageString}'),
      ...responseHeaders,
    });
    this.restApi.addGatewayResponse('NoSuchRoute', {
      type: apigw.ResponseType.MISSING_AUTHENTICATION_TOKEN,
      statusCode: '404',
      templates: json('{"error":"not-found","rule":"no-such-route","message":"no such route"}'),
      ...responseHeaders,
    });
    if (site) {
      // Every other refusal (throttled, forbidden, integration failure…) with its default body.
      this.restApi.addGatewayResponse('Default4xx', { type: apigw.ResponseType.DEFAULT_4XX, ...responseHeaders });
      this.restApi.addGatewayResponse('Default5xx', { type: apigw.ResponseType.DEFAULT_5XX, ...responseHeaders });
    }
  }
}
