import { createHash } from 'node:crypto';
import type { DuressCodes } from '../adapters/duress-codes';
import type { VisitBoard } from '../adapters/visit-board';
import type { Actor } from '../core/actor';
import type { AlertMessage } from '../core/alerts';
import type { Clock } from '../core/clock';
import { ActionInput } from '../core/commands';
import type { EventStore } from '../core/event-store';
import { loadVisit } from '../core/handle-command';
import { RecordUnreadableError } from '../core/record-damage';
import { moreTimeRule, type Policy } from '../core/policy';
import { ACTION_OF, parseText, wordsHelp, type ParsedText, type TextWordName, type TextWords } from '../core/sms-words';
import { isAssignedStaff, staffAreOut, type Visit } from '../core/visit-state';
import type { PolicyRegistry } from './policy-registry';
import { normalisedNumber, type InboundText, type RegisteredPhone, type StaffPhones, type TextSender } from './text-ports';
import type { ActOutcome, VisitService } from './visit-service';

/**
 * A text from a member of staff's phone, turned into the command the staff page would have sent
 * (issue 25): the same service, rules, events and alerts, keyed by the inbound message's id so a
 * text delivered twice records once. Every text is answered in plain words, and no answer ever
 * carries the pupil's name or the address: a phone can be lost, and a number forged.
 *
 * Who: the sender's number must be a member of staff's registered mobile, and they must be on a
 * visit under way. Since a number can be forged, every word but a call for help carries their code;
 * their duress code is taken as the right one, raises the silent duress alert, and is answered
 * exactly as the ordinary code is.
 */

export interface TextGatewayDeps {
  readonly service: Pick<VisitService, 'act'>;
  readonly store: EventStore;
  readonly board: Pick<VisitBoard, 'list'>;
  readonly phones: StaffPhones;
  readonly texts: TextSender;
  readonly duress: DuressCodes;
  readonly clock: Clock;
  readonly policies: PolicyRegistry;
  readonly words: TextWords;
  /** Tells the office something no event records (a number locked after wrong codes). */
  readonly tellOffice: (message: AlertMessage) => Promise<void>;
}

/** Wrong codes from one number before its texts are locked (as a card is kept after three wrong PINs). */
export const BAD_CODES_BEFORE_LOCK = 3;
/** How long a locked number records nothing but calls for help. */
export const LOCK_MINUTES = 30;

/** What became of a text: for tests and logs (never the text itself, which may hold a code). */
export type TextOutcome =
  | 'unknown-sender'
  | 'unknown-word'
  | 'no-visit'
  | 'locked'
  | 'no-code'
  | 'bad-code'
  | 'recorded'
  | 'refused';

/** Answers that give nothing away to whoever holds an unregistered or forged phone. */
export const REPLIES = {
  unknownSender: 'This number cannot record anything here. If you are in danger, call 999.',
  noVisit: 'No visit of yours is under way, so nothing was recorded. If you are in danger, call 999.',
  locked: 'Texts from this number are locked after wrong codes, and the office has been told. Nothing was recorded. A call for help by text still reaches the office.',
  badCode: 'That code is not right. Nothing was recorded.',
  helpSent: 'Your call for help has reached the office. If you can, call 999.',
  helpFailed: 'Your call for help could not be recorded. Call 999 or the office now.',
} as const;

/** What each word's answer says was recorded (in the trust's words where it teaches the next one). */
const recorded = (words: TextWords): Record<TextWordName, string> => ({
  'check-in': 'Check-in recorded.',
  arrived: 'Recorded: you have arrived.',
  leaving: `Recorded: you have left. Text ${words['back-safe'][0]} with your code when you are back.`,
  'back-safe': 'Recorded: you are back safely.',
  help: REPLIES.helpSent,
  'more-time': 'More time recorded.',
});

/** The reason given to `extend-time` (the office's board line shows it). */
const MORE_TIME_REASON = 'asked for by text';

export function createTextGateway(deps: TextGatewayDeps) {
  const answers = recorded(deps.words);
  const reply = (inbound: InboundText, to: string, body: string) =>
    deps.texts.send({ messageId: `reply:${inbound.inboundMessageId}`, to, from: inbound.destinationNumber, body });

  /**
   * The visit the member of staff is out on now (travelling, at the door, in the home or on the way
   * back): the one they set off on last, should an earlier one still be open. Else one of theirs
   * whose record no longer parses (`damaged`), where a call for help still goes: the service keeps
   * it apart and the office is alerted.
   */
  async function visitUnderWay(userId: string): Promise<{ visit: Visit; policy: Policy } | { damaged: string } | undefined> {
    const lines = await deps.board.list({ status: 'active', staffId: userId });
    const actor: Actor = { userId, role: 'staff' };
    let damaged: string | undefined;
    let found: { visit: Visit; policy: Policy } | undefined;
    for (const line of lines) {
      // The line only found it: the record decides.
      const state = await loadVisit(deps.store, line.visitId).then(
        (loaded) => loaded.state,
        (error: unknown) => {
          if (!(error instanceof RecordUnreadableError)) throw error;
          damaged ??= line.visitId;
          return undefined;
        },
      );
      if (!state || state.status === 'none' || !isAssignedStaff(state, actor) || !staffAreOut(state)) continue;
      const policy = deps.policies.version(state.policy.schoolId, state.policy.version);
      if (policy && (!found || (state.departed?.at ?? '') > (found.visit.departed?.at ?? ''))) found = { visit: state, policy };
    }
    return found ?? (damaged ? { damaged } : undefined);
  }

  /** A number's texts locked: the office hears who, on which visit, and what to do (never the number in full). */
  async function lockOut(phone: RegisteredPhone, visit: Visit, policy: Policy, messageId: string): Promise<void> {
    const until = new Date(deps.clock.now().getTime() + LOCK_MINUTES * 60_000).toISOString();
    await deps.phones.lock(phone.number, until);
    await deps.tellOffice({
      kind: 'texts-locked',
      severity: 'high',
      schoolId: policy.schoolId,
      visitId: visit.visitId,
      level: 0,
      notify: ['office'],
      messageId: `${visit.visitId}:texts-locked:${messageId}`,
      subject: `Texts locked: ${phone.name}'s mobile sent ${BAD_CODES_BEFORE_LOCK} wrong codes`,
      text: `Texts from ${phone.name}'s registered mobile (ending ${phone.number.slice(-3)}) sent ${BAD_CODES_BEFORE_LOCK} wrong codes on home visit ${visit.visitId} (${policy.schoolName}) and record nothing but a call for help for ${LOCK_MINUTES} minutes. Someone else may be using the number, or ${phone.name} may be unable to send the code: phone them.`,
    });
  }

  /** The word as the staff page's action, with its body parsed by the API's own schema. */
  function actionOf(parsed: Exclude<ParsedText, { word: 'unknown' | 'help' }>, policy: Policy): ActionInput {
    switch (parsed.word) {
      case 'check-in':
        return ActionInput.parse({ name: ACTION_OF[parsed.word], body: { code: parsed.code, note: 'by text' } });
      case 'more-time':
        return ActionInput.parse({ name: ACTION_OF[parsed.word], body: { minutes: parsed.minutes ?? moreTimeRule(policy).maxMinutes, reason: MORE_TIME_REASON } });
      default:
        return ActionInput.parse({ name: ACTION_OF[parsed.word], body: {} });
    }
  }

  return {
    /** Handle one inbound text and answer it; returns what became of it. */
    async receive(inbound: InboundText): Promise<TextOutcome> {
      const from = normalisedNumber(inbound.originationNumber);
      const phone = await deps.phones.byNumber(from);
      if (!phone) {
        await reply(inbound, from, REPLIES.unknownSender);
        return 'unknown-sender';
      }
      const parsed = parseText(inbound.messageBody, deps.words);
      if (parsed.word === 'unknown') {
        await reply(inbound, from, `Nothing was recorded. ${wordsHelp(deps.words)}`);
        return 'unknown-word';
      }
      const underWay = await visitUnderWay(phone.userId);
      const actor: Actor = { userId: phone.userId, role: 'staff', name: phone.name };
      const commandId = textCommandId(phone.userId, inbound.inboundMessageId);
      // A call for help needs no code and is never locked out: a forged one costs a phone call, a lost one a life.
      if (parsed.word === 'help' && underWay) {
        const visitId = 'damaged' in underWay ? underWay.damaged : underWay.visit.visitId;
        const outcome = await deps.service.act(visitId, { asked: ActionInput.parse({ name: ACTION_OF.help, body: { note: 'by text' } }), actor, commandId });
        await reply(inbound, from, outcome.ok ? REPLIES.helpSent : REPLIES.helpFailed);
        return outcome.ok ? 'recorded' : 'refused';
      }
      if (!underWay || 'damaged' in underWay) {
        await reply(inbound, from, REPLIES.noVisit);
        return 'no-visit';
      }
      const { visit, policy } = underWay;
      const act = (asked: ActionInput, id = commandId): Promise<ActOutcome> => deps.service.act(visit.visitId, { asked, actor, commandId: id });
      if (phone.lockedUntil && Date.parse(phone.lockedUntil) > deps.clock.now().getTime()) {
        await reply(inbound, from, REPLIES.locked);
        return 'locked';
      }
      if (!parsed.code) {
        await reply(inbound, from, `Nothing was recorded: add your code. ${wordsHelp(deps.words)}`);
        return 'no-code';
      }
      const verdict = await deps.duress.check(phone.userId, parsed.code);
      if (verdict === 'neither') {
        const count = await deps.phones.badCode(phone.number, inbound.inboundMessageId);
        if (count < BAD_CODES_BEFORE_LOCK) {
          await reply(inbound, from, REPLIES.badCode);
          return 'bad-code';
        }
        await lockOut(phone, visit, policy, inbound.inboundMessageId);
        await reply(inbound, from, REPLIES.locked);
        return 'locked';
      }
      await deps.phones.goodCode(phone.number);
      // The duress code with any other word: the silent alert rides on a check-in made with it, as
      // on the phone page, and the word is then recorded and answered as it would have been.
      if (verdict === 'duress' && parsed.word !== 'check-in') {
        await act(ActionInput.parse({ name: 'check-in', body: { code: parsed.code } }), `${commandId}:duress`);
      }
      const outcome = await act(actionOf(parsed, policy));
      // The core's refusals name the rule in words that carry neither the pupil nor the address.
      await reply(inbound, from, outcome.ok ? answers[parsed.word] : `Not recorded: ${outcome.message}`);
      return outcome.ok ? 'recorded' : 'refused';
    },
  };
}

export type TextGateway = ReturnType<typeof createTextGateway>;

/** The command id of a text: the inbound message's id, scoped to the member of staff (as an Idempotency-Key is to its caller). */
export const textCommandId = (userId: string, inboundMessageId: string): string =>
  `key:${createHash('sha256').update(`${userId}\nsms:${inboundMessageId}`).digest('hex')}`;
