import { expect } from 'vitest';
import type { Actor } from '../../functions/core/actor';
import type { ActionName, Command, CommandName, CommandOf, WorkflowStepName } from '../../functions/core/commands';
import { decide } from '../../functions/core/decide';
import type { Decision } from '../../functions/core/decision';
import { visitEvent, type VisitEvent } from '../../functions/core/events';
import { eventMeta } from '../../functions/core/decide/guards';
import type { Policy } from '../../functions/core/policy';
import { addMinutes } from '../../functions/core/time';
import type { VisitDetails } from '../../functions/core/visit-details';
import { evolve, initialState, type Visit, type VisitIn, type VisitState, type VisitStatus } from '../../functions/core/visit-state';
import { policyRegistry } from '../../functions/app/policy-registry';
import { loadTrust } from '../../policies/load';
import requestFixture from '../fixtures/visit-request.json';
import { ALICE, HEAD, WORKFLOW } from './actors';

export const T0 = '2026-11-23T09:30:00.000Z';

const trust = loadTrust('sample-trust');
export const policies = trust.policies;
/** The sample trust's policies by school and version, as a bundle carries them. */
export const seedPolicies = policyRegistry(policies.values());
export function policyOf(schoolId: string): Policy {
  const policy = policies.get(schoolId);
  if (!policy) throw new Error(`no policy for ${schoolId}`);
  return policy;
}

export function visitDetails(schoolId: string, overrides: Partial<VisitDetails> = {}): VisitDetails {
  return { ...(requestFixture as unknown as VisitDetails), schoolId, ...overrides };
}

type Body<K extends CommandName> = CommandOf<K>['body'];

/**
 * given / when / then over the real decide and evolve: each step runs a command at the scenario's
 * clock, appends what it decides, and returns the decision so a test can assert on it.
 */
export class Scenario {
  now = T0;
  state: VisitState = initialState;
  readonly history: VisitEvent[] = [];
  private seq = 0;

  constructor(readonly policy: Policy) {}

  get visit(): Visit {
    if (this.state.status === 'none') throw new Error('no visit yet');
    return this.state;
  }

  /** The visit, which must be in one of these statuses by now (a report is built from a closed visit). */
  visitIn<S extends VisitStatus>(...statuses: S[]): VisitIn<S> {
    const visit = this.visit;
    if (!statuses.includes(visit.status as S)) throw new Error(`the visit is ${visit.status}, not ${statuses.join(' or ')}`);
    return visit as VisitIn<S>;
  }

  /** Move the clock forward. */
  after(minutes: number): this {
    this.now = addMinutes(this.now, minutes);
    return this;
  }

  /** Run a command; on acceptance its events are appended. */
  run<K extends CommandName>(name: K, body: Body<K>, actor: Actor): Decision {
    const command = { name, body, meta: { commandId: `cmd-${++this.seq}`, actor, now: this.now } } as Command;
    const decision = decide(command, this.state, this.policy);
    if (decision.ok) {
      for (const event of decision.events) {
        this.history.push(event as VisitEvent);
        this.state = evolve(this.state, event as VisitEvent);
      }
    }
    return decision;
  }

  /** Run a command that must be accepted; returns the types of the events it appended. */
  ok<K extends CommandName>(name: K, body: Body<K>, actor: Actor): string[] {
    const decision = this.run(name, body, actor);
    if (!decision.ok) throw new Error(`${name} refused: ${decision.rule}: ${decision.message}`);
    return decision.events.map((event) => event.type);
  }

  step<K extends WorkflowStepName>(name: K, body: Body<K>): Decision {
    return this.run(name, body, WORKFLOW);
  }

  act<K extends ActionName>(name: K, body: Body<K>, actor: Actor = ALICE): Decision {
    return this.run(name, body, actor);
  }

  // Common preambles, each accepted or the test fails loudly.
  requested(overrides: Partial<VisitDetails> = {}, by: Actor = ALICE): this {
    this.ok('request', { visitId: 'visit-0001', details: visitDetails(this.policy.schoolId, overrides) }, by);
    return this;
  }
  authorised(by: Actor = HEAD): this {
    this.ok('authorise', {}, by);
    return this;
  }
  /**
   * Authorised without today's check that the risk assessment would let the visit go ahead: the
   * history a visit authorised before that check has, and what the workflow's own assessment must
   * still catch (its arrangement can change between the two).
   */
  authorisedUnchecked(by: Actor = HEAD, body: { pairRequired?: boolean } = {}): this {
    const event = visitEvent('VisitAuthorised', body, eventMeta({ commandId: `cmd-${++this.seq}`, actor: by, now: this.now }));
    this.history.push(event);
    this.state = evolve(this.state, event);
    return this;
  }
  assessed(): this {
    this.ok('assess-risk', {}, WORKFLOW);
    return this;
  }
  departed(by: Actor = ALICE): this {
    this.ok('depart', {}, by);
    return this;
  }
  arrived(by: Actor = ALICE): this {
    this.ok('arrive', {}, by);
    return this;
  }
  entered(by: Actor = ALICE): this {
    this.ok(
      'enter',
      {
        peoplePresent: [{ name: 'Pat Parent', relationship: 'parent' }],
        invitedIn: true,
        animals: 'none',
        unsafeIndicators: [],
        // Everyone on the visit is at the door (a pair visit goes in only when both are named).
        staffPresent: this.visit.details.staff.map((member) => member.userId),
      },
      by,
    );
    return this;
  }
  readyToGo(overrides: Partial<VisitDetails> = {}): this {
    return this.requested(overrides).authorised().assessed();
  }
}

export const scenario = (schoolId: string) => new Scenario(policyOf(schoolId));

export function expectRefused(decision: Decision, rule: string, kind: 'conflict' | 'forbidden' = 'conflict'): void {
  expect(decision).toMatchObject({ ok: false, rule, kind });
}

export const types = (decision: Decision): string[] => (decision.ok ? decision.events.map((event) => event.type) : []);
