import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { Construct } from 'constructs';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { LOG_RETENTION } from './handler-function';
import { acknowledge, wildcardResourceFinding } from './nag';
import type { SiteConfig } from './site-config';

export type { CognitoSignIn, LocalSignIn, SiteConfig } from './site-config';

/** The runtime config's name at the site's root: the pages fetch `/config.json`. */
export const CONFIG_FILE = 'config.json';

/** The page Cognito's hosted sign-in sends people back to, with a code. */
export const SIGNED_IN_PAGE = 'signed-in.html';

/**
 * What browsers are told to cache (local/web.ts sends the same): Vite names everything under assets/
 * by its content hash, so those never change; the pages, the service worker, the manifest and
 * config.json keep their names, so the browser asks again every time.
 */
export const CACHE_CONTROL = {
  assets: 'public, max-age=31536000, immutable',
  pages: 'no-cache',
} as const;

/** Where the site is, as the API (CORS) and the user pool's app client (callback URLs) need it. */
export interface SiteAddresses {
  /** `https://<distribution domain>`: the one origin the API answers. */
  readonly origin: string;
  /** `https://<distribution domain>/signed-in.html`: where the hosted sign-in sends people back with a code. */
  readonly signedInUrl: string;
  /** `https://<distribution domain>/`: where the hosted sign-in sends people after signing out. */
  readonly signedOutUrl: string;
}

export interface StaticSiteProps {
  /** The built web app (`web/dist`): the pages at its root, content-hashed files under `assets/`. */
  readonly assetDir: string;
  /** Origins the pages call besides their own (CSP `connect-src`): the API's and the hosted sign-in's. */
  readonly connectTo: readonly string[];
  /** Origins the pages send people to with a form besides their own (CSP `form-action`): the hosted sign-in's. */
  readonly formsTo: readonly string[];
}

/**
 * The pages' Content-Security-Policy: nothing inline, nothing from elsewhere, except the calls
 * (`connect-src`) and sign-in forms (`form-action`) the props name. local/web.ts serves the same
 * policy with `connect-src 'self'`, so a page that breaks it breaks locally first.
 */
export function contentSecurityPolicy(props: Pick<StaticSiteProps, 'connectTo' | 'formsTo'>): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    ["connect-src 'self'", ...props.connectTo].join(' '),
    "manifest-src 'self'",
    "worker-src 'self'",
    "media-src 'self' data:",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    ["form-action 'self'", ...props.formsTo].join(' '),
  ].join('; ');
}

/**
 * The web app on CloudFront: a private, versioned S3 bucket that only this distribution may read
 * (origin access control), HTTPS only, HTTP/2 and 3, security headers on every response, access
 * logs of both to a log bucket. `publish` puts the built site and its runtime config in the bucket.
 */
export class StaticSite extends Construct implements SiteAddresses {
  readonly bucket: s3.Bucket;
  readonly logBucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  readonly origin: string;
  readonly signedInUrl: string;
  readonly signedOutUrl: string;
  private readonly assetDir: string;

  constructor(scope: Construct, id: string, props: StaticSiteProps) {
    super(scope, id);
    // S3 server access logs delivered under a bucket policy naming the site bucket (CDK's current
    // behaviour), not the legacy log-delivery ACL: set here, as the app's cdk.json does not set it.
    this.node.setContext(cxapi.S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY, true);
    if (!existsSync(join(props.assetDir, 'index.html'))) {
      throw new Error(`${props.assetDir} holds no index.html: build the web app first (npm run build:web)`);
    }
    this.assetDir = props.assetDir;

    this.logBucket = new s3.Bucket(this, 'Logs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      // CloudFront's standard logs arrive through an ACL grant to its log delivery account.
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(365) }],
    });
    acknowledge(
      this.logBucket,
      'This is the access-log bucket (of the site bucket and the distribution): logging its own accesses into itself would log every log delivery, without end.',
      'AwsSolutions-S1',
    );

    this.bucket = new s3.Bucket(this, 'Content', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      // S3-managed keys, not the trust's data key: the bucket holds the built pages and the runtime
      // config, which every browser is sent before anyone signs in, so a customer key would keep
      // nothing secret, while reading through origin access control would need the data key (which
      // guards visit records and task tokens) to let CloudFront decrypt.
      encryption: s3.BucketEncryption.S3_MANAGED,
      versioned: true,
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 'site-bucket/',
    });

    const csp = contentSecurityPolicy(props);
    const origin = origins.S3BucketOrigin.withOriginAccessControl(this.bucket);
    const behaviour = {
      origin,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
      compress: true,
    } as const;
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `Home visits web app (${Stack.of(this).stackName})`,
      defaultRootObject: 'index.html',
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      // Edge locations in Europe and North America: the trust's staff are in the UK.
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: this.logBucket,
      logFilePrefix: 'distribution/',
      defaultBehavior: {
        ...behaviour,
        // The pages, sw.js, the manifest and config.json: the edge revalidates with the bucket on every request.
        cachePolicy: new cloudfront.CachePolicy(this, 'Revalidate', {
          comment: 'Home visits pages: revalidated with the bucket on every request (no TTL), compressed',
          minTtl: Duration.seconds(0),
          defaultTtl: Duration.seconds(0),
          maxTtl: Duration.days(365),
          enableAcceptEncodingGzip: true,
          enableAcceptEncodingBrotli: true,
        }),
        responseHeadersPolicy: securityHeaders(this, 'PageHeaders', csp, CACHE_CONTROL.pages),
      },
      additionalBehaviors: {
        'assets/*': {
          ...behaviour,
          cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
          responseHeadersPolicy: securityHeaders(this, 'AssetHeaders', csp, CACHE_CONTROL.assets),
        },
      },
    });
    acknowledge(
      this.distribution,
      'The site is served on its default *.cloudfront.net domain, whose certificate is CloudFront\'s own and allows no minimum TLS version to be set; a trust that gives the site its own domain brings an ACM certificate (us-east-1) and sets TLSv1.2_2021 there.',
      'AwsSolutions-CFR4',
    );
    acknowledge(
      this.distribution,
      'No geo restriction: the distribution serves only the public, static pages (no personal data; the API behind them needs a Cognito token), and staff working or travelling abroad still need them.',
      'AwsSolutions-CFR1',
    );
    acknowledge(
      this.distribution,
      'No WAF web ACL: a CloudFront web ACL must live in us-east-1 (a second stack per trust, about $6 a month more) to guard static pages that carry no data and take no input; the API enforces Cognito tokens and stage throttling. A trust that wants one attaches it to the distribution.',
      'AwsSolutions-CFR2',
    );

    this.origin = `https://${this.distribution.distributionDomainName}`;
    this.signedInUrl = `${this.origin}/${SIGNED_IN_PAGE}`;
    this.signedOutUrl = `${this.origin}/`;
  }

  /**
   * Puts the built site and its runtime config (`/config.json`) in the bucket, removing what the
   * build no longer has. The deployment's Lambda (CDK's) gets a role and log group of its own, so
   * no AWS managed policy and logs kept as long as the handlers'. A `config.json` or dotfiles in the
   * build (local bookkeeping) are left out: the config is the stack's.
   */
  publish(config: SiteConfig): s3deploy.BucketDeployment {
    const role = new iam.Role(this, 'DeploymentRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Home visits web app: copies the built site into its bucket (CDK BucketDeployment)',
    });
    const logGroup = new logs.LogGroup(this, 'DeploymentLogs', { retention: LOG_RETENTION });
    logGroup.grantWrite(role);

    const deployment = new s3deploy.BucketDeployment(this, 'Deployment', {
      sources: [s3deploy.Source.asset(this.assetDir, { exclude: [CONFIG_FILE, '.*'] }), s3deploy.Source.jsonData(CONFIG_FILE, config)],
      destinationBucket: this.bucket,
      prune: true,
      role,
      logGroup,
      // The object keys are not read: not sending them back keeps the response under CloudFormation's 4 KB.
      outputObjectKeys: false,
    });
    acknowledge(
      role,
      'The CDK BucketDeployment\'s grants: read the staged site from the CDK assets bucket and read, write and delete in the site bucket (`s3:GetObject*`, `s3:List*`, `s3:DeleteObject*`, `s3:Abort*` on `<bucket>/*`), the object keys being the build\'s, known only at deploy.',
      ...this.deploymentFindings(role),
    );
    // CDK's singleton handler lives at the stack's root, named by the wrapper its deployment holds.
    const handler = deployment.node.findChild('CustomResourceHandler') as lambda.SingletonFunction;
    acknowledge(
      Stack.of(this).node.findChild(handler.constructName),
      `The BucketDeployment's handler is CDK's own (${handler.runtime.name}, with the AWS CLI layer): its runtime moves with aws-cdk-lib, and it runs only during a deploy.`,
      'AwsSolutions-L1',
    );
    return deployment;
  }

  /** The IAM5 findings of the deployment role's wildcard actions and object resources, spelt as cdk-nag spells them. */
  private deploymentFindings(role: iam.Role): string[] {
    const policy = role.node.tryFindChild('DefaultPolicy') as iam.Policy | undefined;
    const statements = (policy?.document.toJSON() as { Statement?: Array<{ Action: string | string[]; Resource: unknown }> } | undefined)?.Statement ?? [];
    const findings = new Set<string>();
    for (const statement of statements) {
      for (const action of [statement.Action].flat()) if (action.includes('*')) findings.add(`AwsSolutions-IAM5[Action::${action}]`);
      for (const resource of [statement.Resource].flat()) {
        if (JSON.stringify(resource).includes('*')) findings.add(wildcardResourceFinding(this, resource as string));
      }
    }
    return [...findings];
  }
}

/** The security headers of every response, and what browsers may cache. */
function securityHeaders(scope: Construct, id: string, csp: string, cacheControl: string): cloudfront.ResponseHeadersPolicy {
  return new cloudfront.ResponseHeadersPolicy(scope, id, {
    comment: `Home visits web app: security headers, Cache-Control ${cacheControl}`,
    securityHeadersBehavior: {
      contentSecurityPolicy: { contentSecurityPolicy: csp, override: true },
      strictTransportSecurity: { accessControlMaxAge: Duration.days(730), includeSubdomains: true, preload: true, override: true },
      frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
      contentTypeOptions: { override: true },
      referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
    },
    customHeadersBehavior: {
      customHeaders: [
        { header: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()', override: true },
        { header: 'Cache-Control', value: cacheControl, override: true },
      ],
    },
  });
}
