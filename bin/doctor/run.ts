import { AwsUnavailableError, fetchFacts, StackNotFoundError, type AwsClients } from './aws-facts';
import { checkFacts, report, sendsTexts, type DoctorConfig } from './checks';

/** The doctor's exit codes. */
export const EXIT = { clear: 0, findings: 1, usage: 2, unavailable: 3 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export interface DoctorIo {
  out(text: string): void;
  err(text: string): void;
}

/** The trust's stack in AWS's account, not the synthesised template. */
export const stackName = (trustId: string): string => `HomeVisits-${trustId}`;

/**
 * Reads the trust's deployed stack and reports what would keep an alert or an invitation from
 * reaching anyone: 0 all clear, 1 findings (each with what to do), 3 the stack or AWS cannot be read.
 *
 * @example
 * const code = await runDoctor(trust.config, { region: 'eu-west-2', clients }, { out: console.log, err: console.error });
 */
export async function runDoctor(config: DoctorConfig, target: { readonly region: string; readonly clients: AwsClients }, io: DoctorIo): Promise<ExitCode> {
  const name = stackName(config.trustId);
  const sms = sendsTexts(config, []);
  let facts;
  try {
    facts = await fetchFacts(target.clients, { stackName: name, region: target.region }, { sms });
  } catch (error) {
    if (error instanceof StackNotFoundError || error instanceof AwsUnavailableError) {
      io.err(`Cannot check ${name} in ${target.region}: ${error.message}`);
      return EXIT.unavailable;
    }
    throw error;
  }
  const findings = checkFacts(facts, config);
  io.out(report(facts, findings, config));
  return findings.length === 0 ? EXIT.clear : EXIT.findings;
}
