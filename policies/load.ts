import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';
import { HumanRole } from '../functions/core/actor';
import type { AlertMessageKind } from '../functions/core/alerts';
import { Policy } from '../functions/core/policy';
import { TextWords } from '../functions/core/sms-words';

/** The folder holding schools/ and trusts/. */
export const POLICIES_DIR = dirname(fileURLToPath(import.meta.url));

/** The alert kinds subscriptions may filter on: every kind `alertsFor` publishes (checked below). */
export const ALERT_KINDS = [
  'check-in-overdue',
  'safe-return-overdue',
  'return-overdue',
  'check-in-reminder',
  'panic',
  'duress',
  'unsafe-cancellation',
  'safeguarding-concern',
  'rule-breach',
  'alert-acknowledged',
  'alert-resolved',
  'watch-lost',
  'movement',
  'arrangement-changed',
  'follow-up-due',
  'texts-locked',
] as const satisfies readonly AlertMessageKind[];
const everyKindListed: [Exclude<AlertMessageKind, (typeof ALERT_KINDS)[number]>] extends [never] ? true : never = true;
void everyKindListed;

const SchoolId = z.string().regex(/^[a-z0-9-]+$/);

/** Where SNS delivers: the endpoint must suit the protocol. */
const Endpoint = z.discriminatedUnion('protocol', [
  z.object({ protocol: z.literal('email'), endpoint: z.email() }),
  z.object({ protocol: z.literal('sms'), endpoint: z.string().regex(/^\+[1-9]\d{6,14}$/, 'an E.164 number, e.g. +447700900123') }),
  z.object({ protocol: z.literal('https'), endpoint: z.url({ protocol: /^https$/, hostname: z.regexes.domain }) }),
]);

/**
 * One role's subscription to the alerts topic. It receives the messages whose `notify` names the
 * role, narrowed by the optional filter: only these schools, only from this escalation level up,
 * only these kinds (SNS filter policy on the message attributes `school`, `level` and `kind`).
 */
export const AlertSubscription = z
  .object({
    role: HumanRole,
    protocol: z.enum(['email', 'sms', 'https']),
    endpoint: z.string().min(1),
    filter: z
      .object({
        schools: z.array(SchoolId).min(1).optional(),
        minLevel: z.number().int().min(0).max(5).optional(),
        kinds: z.array(z.enum(ALERT_KINDS)).min(1).optional(),
      })
      .strict()
      .default({}),
  })
  .strict()
  .superRefine((subscription, ctx) => {
    const endpoint = Endpoint.safeParse({ protocol: subscription.protocol, endpoint: subscription.endpoint });
    if (!endpoint.success) {
      for (const issue of endpoint.error.issues) ctx.addIssue({ code: 'custom', path: ['endpoint'], message: issue.message });
    }
  });
export type AlertSubscription = z.infer<typeof AlertSubscription>;

/** Who hears about the system itself (alarms): operations, not safeguarding. */
export const OpsSubscription = z
  .object({ protocol: z.enum(['email', 'sms', 'https']), endpoint: z.string().min(1) })
  .strict()
  .superRefine((subscription, ctx) => {
    const endpoint = Endpoint.safeParse(subscription);
    if (!endpoint.success) {
      for (const issue of endpoint.error.issues) ctx.addIssue({ code: 'custom', path: ['endpoint'], message: issue.message });
    }
  });
export type OpsSubscription = z.infer<typeof OpsSubscription>;

/** An AWS region, as `region` below. */
const Region = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region, e.g. eu-west-2');

/**
 * Cognito's invitation and password-reset emails through an SES identity the trust has verified
 * (the props of CDK's `UserPoolEmail.withSES`). Without it Cognito's built-in sender is used, which
 * sends only a few emails a day per account: fine for a trial, not for inviting a trust's staff.
 */
export const CognitoSes = z
  .object({
    /** The sender: an address SES has verified, or one at `sesVerifiedDomain`. */
    fromEmail: z.email(),
    fromName: z.string().min(1).optional(),
    /** @default fromEmail */
    replyTo: z.email().optional(),
    /** Where the SES identity lives. @default the trust's region */
    sesRegion: Region.optional(),
    /** A domain SES has verified, so `fromEmail` need not be verified on its own; it must be `fromEmail`'s domain. */
    sesVerifiedDomain: z.string().regex(z.regexes.domain, 'a domain name, e.g. trust.example.org').optional(),
  })
  .strict()
  .superRefine((ses, ctx) => {
    const domain = ses.fromEmail.split('@').pop();
    if (ses.sesVerifiedDomain !== undefined && domain !== ses.sesVerifiedDomain) {
      ctx.addIssue({ code: 'custom', path: ['fromEmail'], message: `${ses.fromEmail} is not at the verified domain ${ses.sesVerifiedDomain}` });
    }
  });
export type CognitoSes = z.infer<typeof CognitoSes>;

export const TrustConfig = z
  .object({
    trustId: z.string().regex(/^[a-z0-9-]{2,64}$/, 'lower-case slug'),
    name: z.string().min(1),
    /** Policy files under policies/schools/, by name without .json. */
    schools: z.array(SchoolId).min(1),
    /** Where the trust's stack is deployed. */
    region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region, e.g. eu-west-2').default('eu-west-2'),
    /** The AWS account, when the stack must only ever deploy to one. @default the CLI's current account */
    account: z.string().regex(/^\d{12}$/, 'a 12-digit AWS account id').optional(),
    alerts: z.object({ subscriptions: z.array(AlertSubscription).default([]) }).strict().default({ subscriptions: [] }),
    operations: z.object({ subscriptions: z.array(OpsSubscription).default([]) }).strict().default({ subscriptions: [] }),
    /** Stage-wide API Gateway throttling, requests per second and burst. */
    api: z
      .object({ rateLimit: z.number().int().min(1).max(10_000).default(50), burstLimit: z.number().int().min(1).max(5_000).default(100) })
      .strict()
      .default({ rateLimit: 50, burstLimit: 100 }),
    /**
     * Texts to and from staff (issue 25): the trust's dedicated number in AWS End User Messaging (or
     * its phone number id; requested outside the stack: the README and `npm run doctor` walk through
     * it), and its own words for any of the text words (functions/core/sms-words.ts has the defaults).
     */
    sms: z
      .object({
        originationIdentity: z.string().min(1).max(256).optional(),
        words: TextWords.partial().optional(),
      })
      .strict()
      .optional(),
    /** How the user pool sends its emails. @default Cognito's built-in sender (a few emails a day) */
    cognito: z.object({ ses: CognitoSes.optional() }).strict().optional(),
  })
  .strict()
  .superRefine((config, ctx) => {
    const seen = new Set<string>();
    config.alerts.subscriptions.forEach((subscription, index) => {
      const key = `${subscription.role} ${subscription.protocol} ${subscription.endpoint}`;
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['alerts', 'subscriptions', index], message: `${key} is subscribed twice` });
      seen.add(key);
    });
  });
export type TrustConfig = z.infer<typeof TrustConfig>;

export interface Trust {
  readonly config: TrustConfig;
  readonly policies: ReadonlyMap<string, Policy>;
}

/** A policy or trust file that cannot be used: names the file and every field at fault. */
export class PolicyFileError extends Error {
  override readonly name = 'PolicyFileError';
  constructor(
    readonly file: string,
    readonly issues: readonly string[],
    options?: { cause?: unknown },
  ) {
    super(`${file}:\n${issues.map((issue) => `  - ${issue}`).join('\n')}`, options);
  }
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new PolicyFileError(file, ['cannot be read'], { cause });
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new PolicyFileError(file, [`is not valid JSON: ${(cause as Error).message}`], { cause });
  }
}

function parseFile<T>(schema: z.ZodType<T>, file: string): T {
  const result = schema.safeParse(readJson(file));
  if (!result.success) {
    throw new PolicyFileError(
      file,
      result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
    );
  }
  return result.data;
}

/** A school's policy file: the format-2 schema, and a citation for every rule (the deployed runtime carries the rules alone). */
export function loadPolicyFile(file: string): Policy {
  const policy = parseFile(Policy, file);
  if (!policy.citations) throw new PolicyFileError(file, ['citations: missing; a policy file cites the clause (or trust default) of every rule']);
  return policy;
}

export function loadTrust(trustId: string, dir = POLICIES_DIR): Trust {
  const trustFile = join(dir, 'trusts', `${trustId}.json`);
  const config = parseFile(TrustConfig, trustFile);
  const policies = new Map<string, Policy>();
  for (const name of config.schools) {
    const file = resolve(dir, 'schools', `${name}.json`);
    const policy = loadPolicyFile(file);
    if (policies.has(policy.schoolId)) {
      throw new PolicyFileError(file, [`schoolId: ${policy.schoolId} appears twice in trust ${trustId}`]);
    }
    policies.set(policy.schoolId, policy);
  }
  const unknownSchools = config.alerts.subscriptions.flatMap((subscription, index) =>
    (subscription.filter.schools ?? [])
      .filter((schoolId) => !policies.has(schoolId))
      .map((schoolId) => `alerts.subscriptions.${index}.filter.schools: ${schoolId} is not a school of trust ${trustId}`),
  );
  if (unknownSchools.length > 0) throw new PolicyFileError(trustFile, unknownSchools);
  return { config, policies };
}
