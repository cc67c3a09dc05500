import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { withSiteOrigin } from '../../functions/api/cors';
import { CORS_REQUEST_HEADERS, signInDomainPrefix } from '../../lib/api';
import { HomeVisitsStack } from '../../lib/home-visits-stack';
import { CACHE_CONTROL, CONFIG_FILE, type SiteConfig } from '../../lib/site';
import { synthSampleTrust, type SampleTrustStack } from './sample-trust';

/** The web app on CloudFront, and what the API and the user pool do for it: CORS for its origin alone, the hosted sign-in back to its pages. */
let synth: SampleTrustStack;
beforeAll(() => {
  synth = synthSampleTrust();
});

type Properties = Record<string, unknown>;
const only = (type: string): [string, Properties] => {
  const found = Object.entries(synth.resources(type));
  expect(found, type).toHaveLength(1);
  return [found[0]![0], found[0]![1].Properties as Properties];
};
const distributionId = () => synth.logicalId(synth.stack.site!.distribution);
/** `https://<distribution domain>` as CloudFormation spells it. */
const siteOrigin = () => ({ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId(), 'DomainName'] }]] });

/** A CloudFormation string value as text, each reference written `<Ref:id>` / `<id.Attr>` (the CSP is a Fn::Join). */
function text(value: unknown): string {
  if (typeof value === 'string') return value;
  const intrinsic = value as { Ref?: string; 'Fn::GetAtt'?: [string, string]; 'Fn::Join'?: [string, unknown[]] };
  if (intrinsic.Ref) return `<Ref:${intrinsic.Ref}>`;
  if (intrinsic['Fn::GetAtt']) return `<${intrinsic['Fn::GetAtt'].join('.')}>`;
  if (intrinsic['Fn::Join']) return intrinsic['Fn::Join'][1].map(text).join(intrinsic['Fn::Join'][0]);
  throw new Error(`not a string value: ${JSON.stringify(value)}`);
}

describe('the site bucket', () => {
  const bucket = () => synth.resources('AWS::S3::Bucket')[synth.logicalId(synth.stack.site!.bucket)]!.Properties as Properties;
  const policyStatements = () => {
    const policies = Object.values(synth.resources('AWS::S3::BucketPolicy')).map((policy) => policy.Properties as { Bucket: unknown; PolicyDocument: { Statement: Properties[] } });
    return policies.find((policy) => JSON.stringify(policy.Bucket) === JSON.stringify({ Ref: synth.logicalId(synth.stack.site!.bucket) }))!.PolicyDocument.Statement;
  };

  it('is private, encrypted, versioned, and logs its accesses to the log bucket', () => {
    expect(bucket()).toMatchObject({
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      VersioningConfiguration: { Status: 'Enabled' },
      LoggingConfiguration: { DestinationBucketName: { Ref: synth.logicalId(synth.stack.site!.logBucket) } },
    });
  });

  it('refuses every request without TLS', () => {
    expect(policyStatements()).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Principal: { AWS: '*' }, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
  });

  it('lets only this distribution read it, through origin access control', () => {
    const allows = policyStatements().filter((statement) => statement.Effect === 'Allow');
    expect(allows).toHaveLength(1);
    expect(allows[0]).toMatchObject({ Principal: { Service: 'cloudfront.amazonaws.com' }, Action: 's3:GetObject' });
    const sourceArn = (allows[0]!.Condition as { StringEquals: { 'AWS:SourceArn': unknown } }).StringEquals['AWS:SourceArn'];
    expect(text(sourceArn)).toBe(`arn:<Ref:AWS::Partition>:cloudfront::<Ref:AWS::AccountId>:distribution/<Ref:${distributionId()}>`);

    const [oacId, oac] = only('AWS::CloudFront::OriginAccessControl');
    expect(oac).toMatchObject({ OriginAccessControlConfig: { OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' } });
    const [, distribution] = only('AWS::CloudFront::Distribution');
    expect((distribution.DistributionConfig as { Origins: unknown[] }).Origins).toEqual([
      expect.objectContaining({ OriginAccessControlId: { 'Fn::GetAtt': [oacId, 'Id'] }, S3OriginConfig: { OriginAccessIdentity: '' } }),
    ]);
  });
});

describe('the distribution', () => {
  const config = () => only('AWS::CloudFront::Distribution')[1].DistributionConfig as Properties & {
    DefaultCacheBehavior: Properties;
    CacheBehaviors: Properties[];
  };
  const headersPolicy = (ref: unknown) => {
    const id = (ref as { Ref: string }).Ref;
    return synth.resources('AWS::CloudFront::ResponseHeadersPolicy')[id]!.Properties!.ResponseHeadersPolicyConfig as {
      SecurityHeadersConfig: Properties & { ContentSecurityPolicy: { ContentSecurityPolicy: unknown } };
      CustomHeadersConfig: { Items: Array<{ Header: string; Value: string }> };
    };
  };
  const behaviours = () => [config().DefaultCacheBehavior, ...config().CacheBehaviors];

  it('serves index.html at the root, over HTTP/2 and 3, and logs to the log bucket', () => {
    expect(config()).toMatchObject({
      DefaultRootObject: 'index.html',
      HttpVersion: 'http2and3',
      Logging: { Bucket: { 'Fn::GetAtt': [synth.logicalId(synth.stack.site!.logBucket), 'RegionalDomainName'] } },
    });
  });

  it('redirects HTTP to HTTPS and serves GET and HEAD only, on every path', () => {
    expect(behaviours()).toHaveLength(2);
    for (const behaviour of behaviours()) expect(behaviour).toMatchObject({ ViewerProtocolPolicy: 'redirect-to-https', AllowedMethods: ['GET', 'HEAD'] });
  });

  it('sends the security headers on every path', () => {
    const stackJson = JSON.stringify(synth.template.toJSON());
    for (const behaviour of behaviours()) {
      const { SecurityHeadersConfig: security, CustomHeadersConfig: custom } = headersPolicy(behaviour.ResponseHeadersPolicyId);
      const csp = text(security.ContentSecurityPolicy.ContentSecurityPolicy).split('; ');
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("base-uri 'self'");
      expect(security).toMatchObject({
        StrictTransportSecurity: { IncludeSubdomains: true, Preload: true, Override: true },
        FrameOptions: { FrameOption: 'DENY' },
        ContentTypeOptions: { Override: true },
        ReferrerPolicy: { ReferrerPolicy: 'no-referrer' },
      });
      expect((security.StrictTransportSecurity as { AccessControlMaxAgeSec: number }).AccessControlMaxAgeSec).toBeGreaterThanOrEqual(31_536_000);
      expect(custom.Items).toContainEqual(expect.objectContaining({ Header: 'Permissions-Policy', Value: 'camera=(), microphone=(), geolocation=()' }));
    }
    expect(stackJson).not.toContain('unsafe-inline');
  });

  it('lets the pages call only their own origin, the API and the hosted sign-in, and send forms only there', () => {
    const { SecurityHeadersConfig: security } = headersPolicy(config().DefaultCacheBehavior.ResponseHeadersPolicyId);
    const csp = text(security.ContentSecurityPolicy.ContentSecurityPolicy).split('; ');
    const api = `https://<Ref:${synth.logicalId(synth.stack.api.restApi)}>.execute-api.eu-west-2.<Ref:AWS::URLSuffix>`;
    const signIn = `https://<Ref:${synth.logicalId(synth.stack.api.signIn!)}>.auth.eu-west-2.amazoncognito.com`;
    expect(csp).toContain(`connect-src 'self' ${api} ${signIn}`);
    expect(csp).toContain(`form-action 'self' ${signIn}`);
  });

  it('has the browser keep content-hashed assets for a year and ask again for everything else (pages, sw.js, manifest, config.json)', () => {
    const cacheControl = (behaviour: Properties) => headersPolicy(behaviour.ResponseHeadersPolicyId).CustomHeadersConfig.Items.find((item) => item.Header === 'Cache-Control')?.Value;
    const assets = config().CacheBehaviors.find((behaviour) => behaviour.PathPattern === 'assets/*')!;
    expect(cacheControl(assets)).toBe(CACHE_CONTROL.assets);
    expect(cacheControl(config().DefaultCacheBehavior)).toBe('no-cache');

    // and the edge revalidates the default behaviour's files with the bucket on every request
    const cachePolicyId = (config().DefaultCacheBehavior.CachePolicyId as { Ref: string }).Ref;
    const cachePolicy = synth.resources('AWS::CloudFront::CachePolicy')[cachePolicyId]!.Properties!.CachePolicyConfig;
    expect(cachePolicy).toMatchObject({ MinTTL: 0, DefaultTTL: 0 });
  });
});

describe('the deployed content', () => {
  const deployment = () => only('Custom::CDKBucketDeployment')[1] as { SourceObjectKeys: string[]; SourceMarkers: Array<Record<string, unknown>>; Prune: boolean; DestinationBucketName: unknown };
  /** The files of each source, as staged in the cloud assembly (`asset.<hash>` for the key `<hash>.zip`). */
  const stagedDir = (index: number) => join(synth.app.outdir, `asset.${deployment().SourceObjectKeys[index]!.replace(/\.zip$/, '')}`);
  const SITE = 0;
  const CONFIG = 1;

  it('is the built site, then config.json, pruned of what the build no longer has, into the site bucket', () => {
    expect(deployment()).toMatchObject({ Prune: true, DestinationBucketName: { Ref: synth.logicalId(synth.stack.site!.bucket) } });
    expect(deployment().SourceObjectKeys).toHaveLength(2);
    expect(readdirSync(stagedDir(SITE))).toEqual(expect.arrayContaining(['index.html', 'signed-in.html', 'sw.js', 'manifest.webmanifest', 'assets']));
    expect(readdirSync(stagedDir(CONFIG))).toEqual([CONFIG_FILE]);
  });

  it('leaves out the build\'s own config.json and dotfiles (the fixture has both): the config is the stack\'s', () => {
    expect(readdirSync(stagedDir(SITE))).not.toContain(CONFIG_FILE);
    expect(readdirSync(stagedDir(SITE)).filter((name) => name.startsWith('.'))).toEqual([]);
  });

  it('config.json tells the pages the API\'s stage URL and the hosted sign-in, in the SiteConfig shape', () => {
    // The jsonData source is a staged asset holding config.json, its deploy-time values as markers.
    const staged = readFileSync(join(stagedDir(CONFIG), CONFIG_FILE), 'utf8');
    const markers = deployment().SourceMarkers[CONFIG]!;
    const config = JSON.parse(staged.replace(/<<marker:0xbaba:\d+>>/g, (marker) => text(markers[marker]))) as SiteConfig;

    const domain = `<${distributionId()}.DomainName>`;
    expect(config).toEqual({
      apiUrl: `https://<Ref:${synth.logicalId(synth.stack.api.restApi)}>.execute-api.eu-west-2.<Ref:AWS::URLSuffix>/<Ref:${synth.logicalId(synth.stack.api.restApi.deploymentStage)}>`,
      auth: {
        kind: 'cognito',
        domain: `https://<Ref:${synth.logicalId(synth.stack.api.signIn!)}>.auth.eu-west-2.amazoncognito.com`,
        clientId: `<Ref:${synth.logicalId(synth.stack.api.userPoolClient)}>`,
        redirectUri: `https://${domain}/signed-in.html`,
        logoutUri: `https://${domain}/`,
      },
    } satisfies SiteConfig);
  });

  it('the site URL is an output', () => {
    expect(synth.template.toJSON().Outputs.SiteUrl.Value).toEqual({ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId(), 'DomainName'] }, '/']] });
  });
});

describe('the API, for the site', () => {
  it('answers the CORS preflight on every resource for the site\'s origin alone, with the headers the pages send', () => {
    const preflights = Object.values(synth.resources('AWS::ApiGateway::Method')).map((m) => m.Properties as Properties).filter((m) => m.HttpMethod === 'OPTIONS');
    expect(preflights).toHaveLength(Object.keys(synth.resources('AWS::ApiGateway::Resource')).length + 1); // and the root
    for (const preflight of preflights) {
      expect(preflight).toMatchObject({ AuthorizationType: 'NONE', Integration: { Type: 'MOCK' } });
      const headers = (preflight.Integration as { IntegrationResponses: Array<{ ResponseParameters: Record<string, unknown> }> }).IntegrationResponses[0]!.ResponseParameters;
      expect(headers['method.response.header.Access-Control-Allow-Origin']).toEqual({ 'Fn::Join': ['', ["'https://", { 'Fn::GetAtt': [distributionId(), 'DomainName'] }, "'"]] });
      expect(headers['method.response.header.Access-Control-Allow-Methods']).toBe("'GET,POST,OPTIONS'");
      expect(headers['method.response.header.Access-Control-Allow-Headers']).toBe(`'${CORS_REQUEST_HEADERS.join(',')}'`);
      expect(headers['method.response.header.Vary']).toBe("'Origin'");
    }
  });

  it('names the site\'s origin on its own refusals too: the 400s, 401, 404 and every other 4xx and 5xx', () => {
    const responses = Object.values(synth.resources('AWS::ApiGateway::GatewayResponse')).map((r) => r.Properties as { ResponseType: string; ResponseParameters?: Record<string, unknown> });
    expect(responses.map((r) => r.ResponseType).sort()).toEqual(
      ['BAD_REQUEST_BODY', 'BAD_REQUEST_PARAMETERS', 'DEFAULT_4XX', 'DEFAULT_5XX', 'MISSING_AUTHENTICATION_TOKEN', 'UNAUTHORIZED'].sort(),
    );
    for (const response of responses) {
      expect(response.ResponseParameters, response.ResponseType).toEqual({
        'gatewayresponse.header.Access-Control-Allow-Origin': { 'Fn::Join': ['', ["'https://", { 'Fn::GetAtt': [distributionId(), 'DomainName'] }, "'"]] },
        'gatewayresponse.header.Access-Control-Expose-Headers': "'Content-Disposition'",
        'gatewayresponse.header.Vary': "'Origin'",
      });
    }
  });

  it('tells both Lambdas the site\'s origin (SITE_ORIGIN), which they put on every answer', () => {
    for (const fn of [synth.stack.api.handler, synth.stack.api.reportHandler]) {
      const variables = (synth.resources('AWS::Lambda::Function')[synth.logicalId(fn)]!.Properties as { Environment: { Variables: Record<string, unknown> } }).Environment.Variables;
      expect(variables.SITE_ORIGIN).toEqual(siteOrigin());
    }
  });
});

describe('the hosted sign-in', () => {
  it('is the user pool\'s managed login, on a prefix of the trust id and the account', () => {
    const [, domain] = only('AWS::Cognito::UserPoolDomain');
    expect(domain).toMatchObject({ ManagedLoginVersion: 2, UserPoolId: { Ref: synth.logicalId(synth.stack.api.userPool) } });
    expect(text(domain.Domain)).toBe('home-visits-sample-trust-<Ref:AWS::AccountId>');
    const [, style] = only('AWS::Cognito::ManagedLoginBranding');
    expect(style).toMatchObject({ ClientId: { Ref: synth.logicalId(synth.stack.api.userPoolClient) }, UseCognitoProvidedValues: true });
  });

  it('lets the app client use the authorization-code grant only, with openid, email and profile, back to the site\'s signed-in page', () => {
    const client = synth.resources('AWS::Cognito::UserPoolClient')[synth.logicalId(synth.stack.api.userPoolClient)]!.Properties as Properties;
    expect(client).toMatchObject({
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid', 'email', 'profile'],
      SupportedIdentityProviders: ['COGNITO'],
      GenerateSecret: false,
    });
    expect(client.CallbackURLs).toEqual([{ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId(), 'DomainName'] }, '/signed-in.html']] }]);
    expect(client.LogoutURLs).toEqual([{ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId(), 'DomainName'] }, '/']] }]);
  });

  it('keeps its prefix within Cognito\'s rules: a trust id too long, or holding "aws", becomes a hash', () => {
    expect(signInDomainPrefix('oakfield-federation', '123456789012')).toBe('home-visits-oakfield-federation-123456789012');
    const lawson = signInDomainPrefix('lawson-academies', '123456789012');
    expect(lawson).toMatch(/^home-visits-[0-9a-f]{16}-123456789012$/);
    const long = signInDomainPrefix('a'.repeat(64), '123456789012');
    expect(long.length).toBeLessThanOrEqual(63);
    expect(signInDomainPrefix('b'.repeat(64), '123456789012')).not.toBe(long);
  });
});

describe('the references between the site, the API and the sign-in', () => {
  it('form no dependency cycle CloudFormation would refuse', () => {
    const resources = synth.template.toJSON().Resources as Record<string, { Properties?: unknown; DependsOn?: string | string[] }>;
    const referencesOf = (id: string): Set<string> => {
      const found = new Set<string>([resources[id]!.DependsOn ?? []].flat());
      const walk = (value: unknown): void => {
        if (Array.isArray(value)) value.forEach(walk);
        else if (value && typeof value === 'object') {
          const { Ref: ref, 'Fn::GetAtt': getAtt } = value as { Ref?: unknown; 'Fn::GetAtt'?: unknown[] };
          if (typeof ref === 'string' && ref in resources) found.add(ref);
          if (Array.isArray(getAtt)) found.add(getAtt[0] as string);
          Object.values(value).forEach(walk);
        }
      };
      walk(resources[id]!.Properties);
      return found;
    };
    const done = new Set<string>();
    const cycles: string[] = [];
    const visit = (id: string, path: string[]): void => {
      if (done.has(id)) return;
      if (path.includes(id)) {
        cycles.push([...path.slice(path.indexOf(id)), id].join(' → '));
        return;
      }
      for (const next of referencesOf(id)) visit(next, [...path, id]);
      done.add(id);
    };
    for (const id of Object.keys(resources)) visit(id, []);
    expect(cycles).toEqual([]);
    // Not vacuous: the site's headers name the REST API and the sign-in domain, and the API's handler names the site.
    const config = only('AWS::CloudFront::Distribution')[1].DistributionConfig as { DefaultCacheBehavior: { ResponseHeadersPolicyId: { Ref: string } } };
    const headers = referencesOf(config.DefaultCacheBehavior.ResponseHeadersPolicyId.Ref);
    expect(headers).toContain(synth.logicalId(synth.stack.api.restApi));
    expect(headers).toContain(synth.logicalId(synth.stack.api.signIn!));
    expect(referencesOf(synth.logicalId(synth.stack.api.handler))).toContain(distributionId());
  });
});

describe('a trust stack without a site', () => {
  let template: Template;
  beforeAll(() => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    template = Template.fromStack(new HomeVisitsStack(app, 'NoSite', { trustId: 'no-site', env: { region: 'eu-west-2' } }));
  });

  it('has no distribution, no hosted sign-in, no preflight and no SITE_ORIGIN, and its app client no OAuth flow', () => {
    template.resourceCountIs('AWS::CloudFront::Distribution', 0);
    template.resourceCountIs('AWS::Cognito::UserPoolDomain', 0);
    template.resourceCountIs('Custom::CDKBucketDeployment', 0);
    expect(Object.values(template.findResources('AWS::ApiGateway::Method')).filter((m) => (m.Properties as Properties).HttpMethod === 'OPTIONS')).toEqual([]);
    expect(JSON.stringify(template.toJSON())).not.toContain('SITE_ORIGIN');
    const [client] = Object.values(template.findResources('AWS::Cognito::UserPoolClient')).map((c) => c.Properties as Properties);
    expect(client).toMatchObject({ AllowedOAuthFlowsUserPoolClient: false });
    for (const field of ['AllowedOAuthFlows', 'AllowedOAuthScopes', 'CallbackURLs', 'LogoutURLs']) expect(client, field).not.toHaveProperty(field);
    expect(template.toJSON().Outputs).not.toHaveProperty('SiteUrl');
  });
});

describe('the API Lambdas\' answers (withSiteOrigin)', () => {
  const answer: APIGatewayProxyResult = { statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{}' };

  it('name the site\'s origin and vary on Origin, keeping the rest of the answer', async () => {
    const handler = withSiteOrigin(async (event: { path: string }) => ({ ...answer, body: JSON.stringify(event) }), 'https://d111.cloudfront.net');

    const response = await handler({ path: '/visits' });

    expect(response).toEqual({
      statusCode: 200,
      // The report's PDF name readable by the page (a browser hides other headers cross-origin).
      headers: {
        'content-type': 'application/json',
        'access-control-allow-origin': 'https://d111.cloudfront.net',
        'access-control-expose-headers': 'Content-Disposition',
        vary: 'Origin',
      },
      body: '{"path":"/visits"}',
    });
  });

  it('add Origin to a Vary the handler already sent', async () => {
    const handler = withSiteOrigin(async () => ({ ...answer, headers: { Vary: 'Accept' } }), 'https://d111.cloudfront.net');

    const response = await handler();

    expect(response.headers).toEqual({ 'access-control-allow-origin': 'https://d111.cloudfront.net', 'access-control-expose-headers': 'Content-Disposition', vary: 'Accept, Origin' });
  });

  it('are left as they are without a site (SITE_ORIGIN unset)', async () => {
    const inner = async () => answer;

    expect(withSiteOrigin(inner, undefined)).toBe(inner);
    expect(withSiteOrigin(inner, '')).toBe(inner);
  });
});
