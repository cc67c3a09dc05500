import type { TrustConfig } from '../../policies/load';

/**
 * The doctor's core: what a deployed trust stack looks like from outside (facts, fetched by
 * aws-facts.ts) and the trust's config in, what would keep an alert or an invitation from reaching
 * anyone out, each with what to do. No AWS here, no clock: the tests hand it facts.
 */

/** One subscription as the topic lists it. SNS lists an unconfirmed one with the ARN `PendingConfirmation`. */
export interface TopicSubscription {
  readonly protocol: string;
  readonly endpoint: string;
  readonly pending: boolean;
}

export interface TopicFacts {
  readonly arn: string;
  readonly subscriptions: readonly TopicSubscription[];
}

/** The account's SMS settings in the stack's region (fetched only when the trust sends texts). */
export interface SmsFacts {
  readonly inSandbox: boolean;
  /** `MonthlySpendLimit`, in US dollars: SNS stops sending texts for the month once it is spent. */
  readonly monthlySpendLimitUsd: number;
  /** The sandbox's destination numbers (the only ones a sandboxed account may text), verified or not. */
  readonly sandboxNumbers: readonly { readonly phoneNumber: string; readonly verified: boolean }[];
}

export interface UserPoolFacts {
  readonly id: string;
  /** `EmailConfiguration.EmailSendingAccount`: Cognito's built-in sender, or an SES identity. */
  readonly sender: 'COGNITO_DEFAULT' | 'DEVELOPER';
  readonly from?: string;
}

/** The account's Lambda concurrency in the stack's region (GetAccountSettings): new accounts start far below the 1,000 default. */
export interface CapacityFacts {
  readonly lambdaConcurrency: number;
  readonly unreservedConcurrency: number;
  /**
   * Step Functions' steady state-transition rate for the account and region, a second: the
   * `AWS/States` metric ProvisionedRefillRate (ServiceMetric StateTransition), which Step Functions
   * publishes only while state machines run. No API states the quota itself.
   * @default unknown: no state machine ran in the region in the last day (or it was not read)
   */
  readonly stateTransitionsPerSecond?: number;
}

/** The account's End User Messaging numbers in the region (DescribePhoneNumbers), read when the stack has an inbound text topic. */
export interface TextNumberFacts {
  /** The stack's inbound text topic (InboundTextsTopicArn): where the trust's number must send texts. */
  readonly inboundTopicArn: string;
  readonly numbers: readonly { readonly id: string; readonly number: string; readonly status: string; readonly twoWayEnabled: boolean; readonly twoWayChannelArn?: string }[];
}

export interface Facts {
  readonly stackName: string;
  readonly region: string;
  readonly alerts: TopicFacts;
  readonly operations: TopicFacts;
  /** @default not fetched: no subscription sends texts */
  readonly sms?: SmsFacts;
  readonly userPool: UserPoolFacts;
  /** @default not read (no End User Messaging client given, or a stack from before texts) */
  readonly textNumbers?: TextNumberFacts;
  /** @default not read (no Lambda client given) */
  readonly capacity?: CapacityFacts;
}

/** What the doctor reads from the trust config (its schools size the peak it checks capacity against). */
export type DoctorConfig = Pick<TrustConfig, 'trustId' | 'alerts' | 'operations' | 'cognito'> & Partial<Pick<TrustConfig, 'schools' | 'sms'>>;

/**
 * The trust's Monday-morning peak, as the README's capacity section models it: ten visits a school
 * a day, a third of them starting in the same half hour and spending about half their 23 state
 * transitions and 38 Lambda invocations in it. Lambda concurrency needed is that rate times a
 * generous second a call (cold starts included), times ten for bursts within the half hour.
 */
export const PEAK_MODEL = { visitsPerSchoolPerDay: 10, peakShare: 1 / 3, peakSeconds: 1800, transitionsAtPeak: 11.5, invocationsAtPeak: 19, burst: 10 } as const;

export function peakNeeds(schools: number): { readonly transitionsPerSecond: number; readonly lambdaConcurrency: number } {
  const m = PEAK_MODEL;
  const visits = schools * m.visitsPerSchoolPerDay * m.peakShare;
  return {
    transitionsPerSecond: (visits * m.transitionsAtPeak) / m.peakSeconds,
    lambdaConcurrency: Math.ceil(((visits * m.invocationsAtPeak) / m.peakSeconds) * m.burst),
  };
}

export type FindingCode =
  | 'subscription-pending'
  | 'subscription-missing'
  | 'topic-unheard'
  | 'sms-sandbox'
  | 'sms-number-unverified'
  | 'sms-spend-limit'
  | 'cognito-default-sender'
  | 'cognito-ses-not-deployed'
  | 'lambda-concurrency-low'
  | 'state-transitions-low'
  | 'texts-number-missing'
  | 'texts-origination-unknown';

export interface Finding {
  readonly code: FindingCode;
  /** What is wrong, naming the subscription or setting. */
  readonly problem: string;
  /** What the trust does about it. */
  readonly action: string;
}

/** SNS's default monthly SMS spend limit (US dollars), and the most a sandboxed account may have. */
export const DEFAULT_SMS_SPEND_LIMIT_USD = 1;

/** Whether the facts need the account's SMS settings: the config or a topic names a phone. */
export function sendsTexts(config: DoctorConfig, topics: readonly TopicFacts[]): boolean {
  return (
    [...config.alerts.subscriptions, ...config.operations.subscriptions].some((s) => s.protocol === 'sms') ||
    topics.some((topic) => topic.subscriptions.some((s) => s.protocol === 'sms'))
  );
}

/** Every finding, in the order a trust would deal with them: subscriptions, texts, then invitations. */
export function checkFacts(facts: Facts, config: DoctorConfig): Finding[] {
  const deploy = `npx cdk deploy -c trust=${config.trustId} ${facts.stackName}`;
  return [
    ...topicFindings('alerts', facts.alerts, config.alerts.subscriptions, deploy),
    ...topicFindings('operations', facts.operations, config.operations.subscriptions, deploy),
    ...smsFindings(facts, config),
    ...textNumberFindings(facts, config, deploy),
    ...cognitoFindings(facts, config, deploy),
    ...capacityFindings(facts, config),
  ];
}

function capacityFindings(facts: Facts, config: DoctorConfig): Finding[] {
  if (!facts.capacity || !config.schools) return [];
  const { capacity } = facts;
  const need = peakNeeds(config.schools.length);
  const findings: Finding[] = [];
  if (capacity.unreservedConcurrency < need.lambdaConcurrency) {
    findings.push({
      code: 'lambda-concurrency-low',
      problem: `Lambda may run ${capacity.unreservedConcurrency} functions at once in ${facts.region} (account limit ${capacity.lambdaConcurrency}), and the trust's ${config.schools.length} schools need about ${need.lambdaConcurrency} at their morning peak: check-ins and panics would be throttled (new accounts start with reduced concurrency).`,
      action: `Request a Lambda concurrent executions increase in Service Quotas for ${facts.region} (AWS raises new accounts' quotas with use, but not before the first busy morning).`,
    });
  }
  if (capacity.stateTransitionsPerSecond !== undefined && capacity.stateTransitionsPerSecond < need.transitionsPerSecond) {
    findings.push({
      code: 'state-transitions-low',
      problem: `Step Functions refills ${capacity.stateTransitionsPerSecond} state transitions a second in ${facts.region} (shared by every state machine there), and the trust's ${config.schools.length} schools need about ${need.transitionsPerSecond.toFixed(1)} at their morning peak: visits' steps (check-in deadlines, escalations) would wait behind throttling (new accounts start with a reduced quota).`,
      action: `Request a Step Functions StateTransition throttle increase in Service Quotas (or AWS Support) for ${facts.region}; the StateTransitionsThrottled alarm says when it bites.`,
    });
  }
  return findings;
}

/** The capacity figures beside what the schools' morning peak needs, findings or not. */
function capacityNotes(facts: Facts, config: DoctorConfig): string[] {
  if (!config.schools) return [];
  const needs = peakNeeds(config.schools.length);
  const rate = facts.capacity?.stateTransitionsPerSecond;
  return [
    ...(facts.capacity ? [`  Lambda concurrency: ${facts.capacity.unreservedConcurrency} unreserved of ${facts.capacity.lambdaConcurrency}; the morning peak needs about ${needs.lambdaConcurrency}.`] : []),
    rate === undefined
      ? `  Step Functions state transitions: the morning peak needs about ${needs.transitionsPerSecond.toFixed(1)} a second. CloudWatch has no figure for this region yet (Step Functions publishes ProvisionedRefillRate only while state machines run): run the doctor again after the first visits, or see Service Quotas.`
      : `  Step Functions state transitions: ${rate} a second; the morning peak needs about ${needs.transitionsPerSecond.toFixed(1)}.`,
  ];
}

interface Configured {
  readonly protocol: string;
  readonly endpoint: string;
  readonly role?: string;
}

const TOPIC_NAMES = { alerts: 'alerts topic', operations: 'operations topic' } as const;
const WHAT_IT_CARRIES = { alerts: 'alerts', operations: 'alarms' } as const;

function topicFindings(which: 'alerts' | 'operations', topic: TopicFacts, configured: readonly Configured[], deploy: string): Finding[] {
  const topicName = TOPIC_NAMES[which];
  const findings: Finding[] = [];
  for (const subscription of topic.subscriptions.filter((s) => s.pending)) {
    findings.push({
      code: 'subscription-pending',
      problem: `${topicName}: ${describeSubscription(subscription, configured)} has not confirmed its subscription, so it receives no ${WHAT_IT_CARRIES[which]}.`,
      action: confirmAction(subscription.protocol),
    });
  }
  const listed = new Set(topic.subscriptions.map(key));
  for (const subscription of configured.filter((s) => !listed.has(key(s)))) {
    findings.push({
      code: 'subscription-missing',
      problem: `${topicName}: ${describeSubscription(subscription, configured)} is in the trust config but not subscribed (unsubscribed, or its confirmation expired), so it receives no ${WHAT_IT_CARRIES[which]}.`,
      action: `Deploy does not bring it back on its own: remove it from the trust config and deploy (${deploy}), put it back and deploy again, then confirm it.`,
    });
  }
  if (!topic.subscriptions.some((s) => !s.pending)) {
    findings.push({
      code: 'topic-unheard',
      problem: `${topicName}: no subscription is confirmed, so ${which === 'alerts' ? 'an alert (a panic, an overdue check-in)' : 'an alarm (a visit no longer timed)'} reaches nobody.`,
      action:
        topic.subscriptions.length > 0 || configured.length > 0
          ? 'Confirm the subscriptions above.'
          : `Add subscriptions under ${which}.subscriptions in policies/trusts/<trust>.json, deploy (${deploy}) and confirm them.`,
    });
  }
  return findings;
}

function smsFindings(facts: Facts, config: DoctorConfig): Finding[] {
  const { sms } = facts;
  if (!sms) return [];
  const findings: Finding[] = [];
  const phones = [...facts.alerts.subscriptions, ...facts.operations.subscriptions].filter((s) => s.protocol === 'sms');
  const configured = [...config.alerts.subscriptions, ...config.operations.subscriptions];
  if (sms.inSandbox) {
    findings.push({
      code: 'sms-sandbox',
      problem: `The account's SMS is in the SNS sandbox in ${facts.region}: texts go only to the sandbox's verified numbers, and at most $${DEFAULT_SMS_SPEND_LIMIT_USD} a month.`,
      action: `Ask AWS to move the account out of the SMS sandbox: SNS console (${facts.region}) → Text messaging (SMS) → Exit SMS sandbox (a support case; allow a day or more).`,
    });
    const verified = new Set(sms.sandboxNumbers.filter((n) => n.verified).map((n) => n.phoneNumber));
    for (const phone of phones.filter((p) => !verified.has(p.endpoint))) {
      findings.push({
        code: 'sms-number-unverified',
        problem: `${describeSubscription(phone, configured)} is not a verified sandbox destination, so it receives no texts while the account is in the sandbox.`,
        action: 'Verify it (SNS console → Text messaging (SMS) → Sandbox destination phone numbers → Add phone number, then the code texted to it), or leave the sandbox.',
      });
    }
  }
  if (sms.monthlySpendLimitUsd <= DEFAULT_SMS_SPEND_LIMIT_USD) {
    findings.push({
      code: 'sms-spend-limit',
      problem: `SNS may spend $${sms.monthlySpendLimitUsd} a month on texts in ${facts.region}${sms.monthlySpendLimitUsd === DEFAULT_SMS_SPEND_LIMIT_USD ? ' (the default)' : ''}: a few dozen texts, after which SNS sends none until next month.`,
      action: `Request an SMS spend limit quota increase (a support case, once out of the sandbox), then set it: SNS console → Text messaging (SMS) → Edit text messaging preferences → Account spend limit.`,
    });
  }
  return findings;
}

/**
 * Texts from staff (issue 25) need a two-way number in End User Messaging that sends what it receives
 * to the stack's inbound topic. The number is requested outside CloudFormation (registration can take
 * days), so this walks a trust through it, and checks the number the config names sends from there.
 */
function textNumberFindings(facts: Facts, config: DoctorConfig, deploy: string): Finding[] {
  const texts = facts.textNumbers;
  if (!texts) return [];
  const connected = texts.numbers.filter((n) => n.status === 'ACTIVE' && n.twoWayEnabled && n.twoWayChannelArn === texts.inboundTopicArn);
  if (connected.length === 0) {
    return [
      {
        code: 'texts-number-missing',
        problem: `No active number in End User Messaging (${facts.region}) sends the texts it receives to ${texts.inboundTopicArn}: staff with no data signal cannot check in, or call for help, by text.`,
        action: [
          `1. End User Messaging SMS console (${facts.region}) → Configurations → Phone numbers → Request originator: the country of the staff's phones, SMS, two-way messaging on (a UK long code; some countries ask for a registration first, which can take days).`,
          `2. Once it is Active: the number → Two-way SMS → Enable, destination type Amazon SNS, existing topic ${texts.inboundTopicArn} (the stack's key policy already lets End User Messaging publish to it).`,
          `3. Put the number's id (phone-…) under sms.originationIdentity in policies/trusts/${config.trustId}.json and deploy (${deploy}), so reminders leave from it; register each member of staff's mobile in the StaffPhonesTableName table.`,
          '4. Run the doctor again.',
        ].join('\n      '),
      },
    ];
  }
  const named = config.sms?.originationIdentity;
  if (named && !connected.some((n) => n.id === named || n.number === named)) {
    return [
      {
        code: 'texts-origination-unknown',
        problem: `sms.originationIdentity names ${named}, which is not a number here that sends its texts to the inbound topic (${connected.map((n) => n.number).join(', ')} do): replies to a text come from the number texted, but reminders would come from ${named}, which staff cannot text back.`,
        action: `Name one of ${connected.map((n) => n.id).join(', ')} under sms.originationIdentity in policies/trusts/${config.trustId}.json and deploy (${deploy}).`,
      },
    ];
  }
  return [];
}

function cognitoFindings(facts: Facts, config: DoctorConfig, deploy: string): Finding[] {
  if (facts.userPool.sender !== 'COGNITO_DEFAULT') return [];
  const ses = config.cognito?.ses;
  if (ses) {
    return [
      {
        code: 'cognito-ses-not-deployed',
        problem: `The trust config names ${ses.fromEmail} (SES) as the user pool's sender, but user pool ${facts.userPool.id} still uses Cognito's built-in sender.`,
        action: `Deploy the config (${deploy}).`,
      },
    ];
  }
  return [
    {
      code: 'cognito-default-sender',
      problem: `User pool ${facts.userPool.id} sends invitations and password resets with Cognito's built-in sender, which sends only a few emails a day for the whole account: staff invited beyond that get nothing.`,
      action:
        'Verify a sender address or domain in SES (and move SES out of its sandbox), name it under cognito.ses in policies/trusts/<trust>.json (fromEmail, optionally sesVerifiedDomain, sesRegion), and deploy.',
    },
  ];
}

function confirmAction(protocol: string): string {
  switch (protocol) {
    case 'email':
      return 'Its owner clicks "Confirm subscription" in the email from AWS Notifications (check spam). Lost it? SNS console → the topic → Subscriptions → select it → Request confirmation.';
    case 'https':
      return "The endpoint must answer SNS's SubscriptionConfirmation message by visiting its SubscribeURL (or SNS console → the topic → Subscriptions → Request confirmation once it can).";
    default:
      return 'SNS console → the topic → Subscriptions → select it → Request confirmation.';
  }
}

const key = (s: { protocol: string; endpoint: string }) => `${s.protocol} ${s.endpoint}`;

/**
 * A subscription as the doctor prints it: as the trust config has it (with its role), or, for one
 * the config does not hold (added in the console), masked: the doctor shows no personal data the
 * config does not already hold.
 */
export function describeSubscription(subscription: { protocol: string; endpoint: string }, configured: readonly Configured[]): string {
  const match = configured.find((c) => key(c) === key(subscription));
  if (match) return `${match.role ? `${match.role} ` : ''}${match.protocol} ${match.endpoint}`;
  return `${subscription.protocol} ${mask(subscription.protocol, subscription.endpoint)} (not in the trust config)`;
}

/** Most of an address or number hidden, enough left to recognise it: `o…@example.org`, `+44…123`, `https://host/…`. */
export function mask(protocol: string, endpoint: string): string {
  if (protocol === 'email' || protocol === 'email-json') {
    const at = endpoint.lastIndexOf('@');
    return at > 0 ? `${endpoint.charAt(0)}…${endpoint.slice(at)}` : '…';
  }
  if (protocol === 'sms') return endpoint.length > 6 ? `${endpoint.slice(0, 3)}…${endpoint.slice(-3)}` : '…';
  if (protocol === 'https' || protocol === 'http') {
    try {
      return `${new URL(endpoint).origin}/…`;
    } catch {
      return '…';
    }
  }
  return '…';
}

/** The doctor's report: every finding with what to do, or what was found clear. */
export function report(facts: Facts, findings: readonly Finding[], config: DoctorConfig): string {
  const heading = `${facts.stackName} in ${facts.region}`;
  if (findings.length === 0) {
    const confirmed = (topic: TopicFacts) => topic.subscriptions.filter((s) => !s.pending).length;
    return [
      `${heading}: all clear.`,
      `  alerts topic: ${confirmed(facts.alerts)} confirmed subscriptions; operations topic: ${confirmed(facts.operations)}.`,
      ...(facts.sms ? [`  SMS: out of the sandbox, spend limit $${facts.sms.monthlySpendLimitUsd} a month.`] : []),
      `  Cognito sends through SES${facts.userPool.from ? ` as ${facts.userPool.from}` : ''}.`,
      ...capacityNotes(facts, config),
    ].join('\n');
  }
  const lines = [`${heading}: ${findings.length} finding${findings.length === 1 ? '' : 's'} that would keep an alert or an invitation from reaching someone.`];
  findings.forEach((finding, index) => {
    lines.push('', `${index + 1}. [${finding.code}] ${finding.problem}`, `   What to do: ${finding.action}`);
  });
  const notes = capacityNotes(facts, config);
  return [...lines, ...(notes.length > 0 ? ['', ...notes] : [])].join('\n');
}
