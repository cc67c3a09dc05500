import { checkInGaps, type GapPolicy, type Gaps } from './narrate-gaps';
import { list, record, text } from './narrate-read';
import { eventWords, whoWords, type EventWords, type NarratedEvent, type NarrationPolicy, type ShowTime } from './narrate-words';

/**
 * A visit's history told once: each event in words with who did it, the check-in gaps against the
 * policy, and every alert with who answered it and how it ended. The CLI's replay prints it and the
 * auditor's page draws it; each says times its own way (ShowTime). Reads the events as stored, never
 * the folded state, so an altered event is still told. Pure, and free of zod, so the web bundles it.
 */

export * from './narrate-gaps';
export * from './narrate-words';

export interface NarratedEntry {
  readonly version: number;
  readonly at: string;
  readonly claimedAt?: string;
  readonly who: string;
  readonly words: EventWords;
  /** alert: staff safety (an alert, its answer, a call for help, a rule at risk). */
  readonly flag?: 'alert';
}

export interface AlertLine {
  readonly alertId: string;
  readonly kind: string;
  readonly raisedAt: string;
  readonly dueAt?: string;
  readonly levelReached: number;
  readonly answeredBy?: string;
  readonly answeredAt?: string;
  readonly resolution?: string;
  readonly resolvedAt?: string;
  /** Who resolved it, and (resolve-alert) why. */
  readonly resolvedBy?: string;
  readonly reason?: string;
}

export interface Narration {
  /** The pupil, the address, the kind of visit and its staff, from the request. */
  readonly heading: readonly string[];
  /** One an event, in the order given. */
  readonly entries: readonly NarratedEntry[];
  readonly gaps: Gaps;
  readonly alerts: readonly AlertLine[];
}

export interface NarrationInput {
  readonly events: readonly NarratedEvent[];
  /** The governing policy; without it, no gap is judged and roles are named by their groups. */
  readonly policy: (NarrationPolicy & GapPolicy) | null | undefined;
  readonly at: ShowTime;
}

const ALERT_EVENTS = new Set(['CheckInOverdue', 'AlertEscalated', 'AlertAcknowledged', 'AlertResolved', 'PanicRaised', 'DuressRaised', 'FalseAlarmCancelled', 'SafeguardingRuleBreached']);


export function narrate(input: NarrationInput): Narration {
  const policy = input.policy ?? null;
  const staffNames = new Map<string, string>();
  const alerts = new Map<string, AlertLine>();
  const entries: NarratedEntry[] = [];
  let heading: string[] = [];

  for (const event of input.events) {
    const data = record(event.data);
    if (event.type === 'VisitRequested') {
      const details = record(data.details);
      learnNames(staffNames, details.staff);
      const pupil = record(details.pupil);
      heading = [
        `Pupil ${text(pupil.name) ?? '?'} (${text(pupil.id) ?? '?'}), ${text(details.address) ?? '?'}`,
        `${text(details.kind) ?? '?'} ${text(details.purpose) ?? '?'} visit; staff ${list(details.staff).map((member) => text(record(member).name) ?? '?').join(' and ')}`,
      ];
    }
    if (event.type === 'VisitRescheduled') learnNames(staffNames, record(data.changes).staff);
    const who = whoWords(event, staffNames);
    const words = eventWords(event, { policy, at: input.at, raisedAt: (alertId) => alerts.get(alertId)?.raisedAt });
    const flag = ALERT_EVENTS.has(event.type) || (event.type === 'CheckedIn' && text(record(data.duress).alertId) !== undefined);
    entries.push({
      version: event.version,
      at: event.recordedAt,
      ...(event.claimedAt && event.claimedAt !== event.recordedAt ? { claimedAt: event.claimedAt } : {}),
      who,
      words,
      ...(flag ? { flag: 'alert' as const } : {}),
    });
    trackAlert(event, data, alerts, who);
  }
  return { heading, entries, gaps: checkInGaps(input.events, policy), alerts: [...alerts.values()] };
}

/** The words on one line: "Checked in: Note: All well; An adult was present". */
export const wordsInLine = (words: EventWords): string => (words.details.length ? `${words.title}: ${words.details.join('; ')}` : words.title);

function learnNames(names: Map<string, string>, staff: unknown): void {
  for (const member of list(staff)) {
    const { userId, name } = record(member);
    if (text(userId) && text(name)) names.set(text(userId)!, text(name)!);
  }
}

function trackAlert(event: NarratedEvent, data: Record<string, unknown>, alerts: Map<string, AlertLine>, who: string): void {
  const at = event.recordedAt;
  const alertId = text(data.alertId);
  const raise = (id: string | undefined, kind: string, dueAt?: string) => {
    if (id) alerts.set(id, { alertId: id, kind, raisedAt: at, ...(dueAt ? { dueAt } : {}), levelReached: 0 });
  };
  const update = (change: Partial<AlertLine>) => {
    const current = alertId && alerts.get(alertId);
    if (current) alerts.set(current.alertId, { ...current, ...change });
  };
  const duress = text(record(data.duress).alertId);
  switch (event.type) {
    case 'CheckInOverdue':
      return raise(alertId, text(data.kind) ?? '?', text(data.dueAt));
    case 'PanicRaised':
      return raise(alertId, 'panic');
    case 'DuressRaised':
      return raise(alertId, 'duress');
    case 'CheckedIn':
      return raise(duress, 'duress');
    case 'FalseAlarmCancelled':
      // Called off with the duress code: the call stays open, and a silent duress alert is raised.
      return duress ? raise(duress, 'duress') : update({ resolution: 'cancelled', resolvedAt: at, resolvedBy: who });
    case 'AlertEscalated':
      return typeof data.level === 'number' ? update({ levelReached: data.level }) : undefined;
    case 'AlertAcknowledged':
      return update({ answeredBy: who, answeredAt: at });
    case 'AlertResolved':
      return update({ resolution: text(data.resolution) ?? '?', resolvedAt: at, resolvedBy: who, ...(text(data.reason) ? { reason: text(data.reason)! } : {}) });
    default:
      return undefined;
  }
}
