import * as z from 'zod';
import type { Actor } from './actor';
import { audience, contactLines, type AlertMessage } from './alerts';
import { EventMeta, type NewEvent, type StoredEvent } from './event-store';
import { PolicyRef, type Policy } from './policy';
import type { RecordDamage } from './record-damage';
import { StaffMember } from './visit-details';

/**
 * A call for help on a visit whose record no longer parses (quarantine, record-damage.ts): it still
 * reaches the office, and it is kept, in a stream of its own, `help:<visitId>`.
 *
 * Why a stream of its own rather than the damaged one: an auditor must be able to see the damaged
 * record exactly as it was found, and its repair may rewrite the damaged item; an event appended
 * after the damage would hang its hash chain on bytes that are about to change (and a head that
 * does not parse cannot be appended to at all). A separate stream, hash-chained like every stream,
 * in the same table, keeps the call for help tamper-evident, findable by the visit's id and never
 * folded with the visit, so nothing about the damage can stop it being read. Like the audit stream
 * (`audit:<visitId>`), its prefix holds a `:`, which no visit id may, so it cannot be read as a visit.
 *
 * The event carries what the readable part of the record said (school, address, staff), so the
 * alert can name the visit and the person wherever it is built: by the API at once, by the table's
 * stream on AWS, by a restart locally.
 */

export const HELP_STREAM_PREFIX = 'help:';
export const helpStreamId = (visitId: string): string => `${HELP_STREAM_PREFIX}${visitId}`;
export const HELP_EVENT = 'PanicOnDamagedRecord';

/** Who hears a call for help when even the record's first event is damaged, so the school's policy is not known. */
export const NOTIFY_WITHOUT_POLICY = ['office', 'dsl', 'headteacher'] as const;

export const PanicOnDamagedRecord = z
  .object({
    visitId: z.string().min(1),
    note: z.string().max(500).optional(),
    /** Where the visit's record stops parsing, when the call for help came. */
    damage: z.object({ version: z.number().int().min(1), reason: z.string().min(1) }).strict(),
    /** What the record said before its damage; absent when its first event is the damaged one. */
    known: z.object({ policy: PolicyRef, address: z.string().min(1), staff: z.array(StaffMember).min(1) }).strict().optional(),
  })
  .strict();
export type PanicOnDamagedRecord = z.infer<typeof PanicOnDamagedRecord>;

export type StoredPanicOnDamagedRecord = Pick<StoredEvent, 'streamId' | 'version' | 'prevHash' | 'hash'> & {
  readonly type: typeof HELP_EVENT;
  readonly data: PanicOnDamagedRecord;
  readonly meta: EventMeta;
};

export function panicOnDamagedRecordEvent(data: PanicOnDamagedRecord, meta: EventMeta): NewEvent {
  return { type: HELP_EVENT, data: PanicOnDamagedRecord.parse(data), meta: EventMeta.parse(meta) };
}

/** Parse what the store returns for a help stream: anything but a well-formed PanicOnDamagedRecord is an error. */
export function parsePanicOnDamagedRecord(stored: StoredEvent): StoredPanicOnDamagedRecord {
  if (stored.type !== HELP_EVENT) throw new Error(`${stored.streamId} version ${stored.version}: unexpected ${stored.type} in a help stream`);
  return { ...stored, type: HELP_EVENT, data: PanicOnDamagedRecord.parse(stored.data) };
}

/** May this caller call for help on the visit? Its assigned staff, as for any panic; anyone who may write when the record cannot say who they are. */
export const mayCallForHelp = (known: PanicOnDamagedRecord['known'], actor: Actor): boolean =>
  !known || known.staff.some((member) => member.userId === actor.userId);

/** The data of a call for help on `visitId`, from what its readable events said and where they stop. */
export function panicOnDamagedRecordData(visitId: string, note: string | undefined, damage: Pick<RecordDamage, 'version' | 'reason'>, known: PanicOnDamagedRecord['known']): PanicOnDamagedRecord {
  return { visitId, ...(note ? { note } : {}), damage: { version: damage.version, reason: damage.reason }, ...(known ? { known } : {}) };
}

/**
 * The critical alert for a call for help on a damaged record: to whoever the school's policy sends a
 * panic (or, when not even the school is known, NOTIFY_WITHOUT_POLICY), naming the visit and the
 * member of staff (the policy looked up by the version the readable record named). There is no alert id to acknowledge: the visit's record cannot take an answer
 * until it is repaired, so the office answers by phone.
 */
export function panicOnDamagedRecordAlert(event: StoredPanicOnDamagedRecord, policyOf: (schoolId: string, version: string) => Policy | undefined): AlertMessage {
  const { visitId, note, damage, known } = event.data;
  const policy = known ? policyOf(known.policy.schoolId, known.policy.version) : undefined;
  const actor = event.meta.actor;
  const member = known?.staff.find((candidate) => candidate.userId === actor.userId);
  const name = member?.name ?? actor.name ?? actor.userId;
  const others = (known?.staff ?? []).filter((candidate) => candidate.userId !== actor.userId).map((candidate) => candidate.name);
  const where = known ? `${known.address} (${policy?.schoolName ?? known.policy.schoolId}, visit ${visitId})` : `visit ${visitId} (address not readable)`;
  const mobiles = (known?.staff ?? []).filter((candidate) => candidate.mobile).map((candidate) => `${candidate.name}: mobile ${candidate.mobile}`);
  const who = policy ? audience(policy, policy.alerts.panic.notify) : { notify: [...NOTIFY_WITHOUT_POLICY] };
  const text =
    `${name} (${actor.userId})${others.length ? ` (with ${others.join(' and ')})` : ''} pressed panic at ${where}.` +
    `${note ? ` Their note: "${note}".` : ''}` +
    ` This visit's record is damaged from version ${damage.version} (${damage.reason}), so the call for help is kept in its own record (${event.streamId}) and cannot be acknowledged in the app: phone them.` +
    `${policy ? ` ${policy.alerts.panic.instruction}` : ''}${mobiles.length ? ` Staff details: ${mobiles.join('; ')}.` : ''}`;
  const message: AlertMessage = {
    kind: 'panic',
    severity: 'critical',
    schoolId: policy?.schoolId ?? known?.policy.schoolId ?? 'unknown',
    visitId,
    level: 0,
    ...who,
    messageId: `${event.streamId}:${event.version}`,
    subject: `PANIC: ${name} on a home visit (its record is damaged)`,
    text,
  };
  return message.contacts ? { ...message, text: `${message.text}${contactLines(message)}` } : message;
}
