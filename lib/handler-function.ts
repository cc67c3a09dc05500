import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { BuildOptions } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { acknowledge } from './nag';

/** The repository root: entries are given relative to it. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** How every Lambda of the product is bundled: esbuild, minified, with source maps, ESM for Node 24. */
export const BUNDLING = {
  minify: true,
  sourceMap: true,
  // A stack trace needs the mappings and names, not the sources' text: without it the map is a
  // third of the size, and --enable-source-maps reads it at every cold start (the report Lambda's
  // 4 MB map was about 60 ms of its init).
  sourcesContent: false,
  format: nodejs.OutputFormat.ESM,
  target: 'node24',
  // ESM bundles of CommonJS dependencies (the AWS SDK) need a `require` in scope.
  banner: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
} as const satisfies nodejs.BundlingOptions;

/**
 * The esbuild options NodejsFunction builds `entry` with under BUNDLING (the AWS SDK left to the
 * runtime, and `nodeModules` to the function's own node_modules), for the bench and the tests that
 * bundle a Lambda as the stack does.
 */
export function asTheStackBundles(entry: string, define?: Readonly<Record<string, string>>, nodeModules: readonly string[] = []): BuildOptions {
  return {
    entryPoints: [join(ROOT, entry)],
    bundle: true,
    platform: 'node',
    target: BUNDLING.target,
    format: 'esm',
    mainFields: ['module', 'main'],
    minify: BUNDLING.minify,
    sourcemap: BUNDLING.sourceMap,
    sourcesContent: BUNDLING.sourcesContent,
    banner: { js: BUNDLING.banner },
    external: ['@aws-sdk/*', ...nodeModules],
    ...(define ? { define: { ...define } } : {}),
  };
}

/** Handler logs hold ids, names of rules and errors, never bodies: kept long enough to investigate an incident. */
export const LOG_RETENTION = logs.RetentionDays.ONE_YEAR;

export interface HandlerFunctionProps {
  /** The handler file, relative to the repository root (`functions/steps/lambda/plan.ts`). */
  readonly entry: string;
  readonly description: string;
  readonly environment: Readonly<Record<string, string>>;
  /** Constants replaced at bundle time (esbuild `define`), for configuration too big for the environment. */
  readonly define?: Readonly<Record<string, string>>;
  /** Packages that cannot be bundled: installed from the lockfile beside the bundle, in the function's node_modules. */
  readonly nodeModules?: readonly string[];
  /** @default 512 */
  readonly memorySize?: number;
  /** @default 20 seconds */
  readonly timeout?: Duration;
}

/**
 * A handler as a NodejsFunction with the product's secure defaults in one place: Node.js 24 on
 * arm64, esbuild-minified with source maps, X-Ray active tracing, its own log group with a
 * retention, and its own role that may write to that log group and nothing else until the caller
 * grants more (no AWS managed policy).
 */
export function handlerFunction(scope: Construct, id: string, props: HandlerFunctionProps): nodejs.NodejsFunction {
  const logGroup = new logs.LogGroup(scope, `${id}Logs`, { retention: LOG_RETENTION });
  const role = new iam.Role(scope, `${id}Role`, {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: `${props.description} (Lambda execution role)`,
  });
  logGroup.grantWrite(role);

  const fn = new nodejs.NodejsFunction(scope, id, {
    entry: join(ROOT, props.entry),
    description: props.description,
    runtime: lambda.Runtime.NODEJS_24_X,
    architecture: lambda.Architecture.ARM_64,
    memorySize: props.memorySize ?? 512,
    timeout: props.timeout ?? Duration.seconds(20),
    environment: { ...props.environment, NODE_OPTIONS: '--enable-source-maps' },
    role,
    logGroup,
    tracing: lambda.Tracing.ACTIVE,
    depsLockFilePath: join(ROOT, 'package-lock.json'),
    bundling: {
      ...BUNDLING,
      ...(props.define ? { define: { ...props.define } } : {}),
      ...(props.nodeModules ? { nodeModules: [...props.nodeModules] } : {}),
    },
  });

  acknowledge(
    role,
    'X-Ray active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords do not support resource-level permissions, so AWS requires Resource "*" (https://docs.aws.amazon.com/xray/latest/devguide/security_iam_id-based-policy-examples.html).',
    'AwsSolutions-IAM5[Resource::*]',
  );
  return fn;
}

/** The reason for the wildcard action families the KMS grant methods give a handler. */
export const KMS_GRANT_REASON =
  'KMS grants from the CDK grant methods on the trust\'s one data key: kms:GenerateDataKey* and kms:ReEncrypt* are the action families DynamoDB and SNS use for envelope encryption; the resource is that key, not "*".';

/** Acknowledge the KMS action families on a handler that was granted use of the data key. */
export function acknowledgeKmsGrants(fn: nodejs.NodejsFunction): void {
  acknowledge(fn.role!, KMS_GRANT_REASON, 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]', 'AwsSolutions-IAM5[Action::kms:ReEncrypt*]');
}
