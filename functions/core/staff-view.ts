import { WORKFLOW_ACTOR, type Actor } from './actor';
import type { Command } from './commands';
import { decide } from './decide';
import { EventMeta } from './event-store';
import { parseVisitEvent, type StoredVisitEvent, type VisitEvent } from './events';
import { chainEvents } from './hash-chain';
import type { Policy } from './policy';
import { buildReportBody, reportCategories, type FiledReport } from './report';
import { routeOf } from './stages';
import { evolve, fold, initialState, isAssignedStaff, type Visit, type VisitState } from './visit-state';

/**
 * A visit's state already folded, with its duress alerts left out. Whoever holds the phone must not
 * be able to tell a duress check-in from an ordinary one: the staff's reading is `staffRead`, which
 * also leaves out what follows from the alert alone (the workflow's wait for it); this serves only
 * what has no events at hand (a filed report's own categories).
 */
export function staffView(visit: Visit): Visit {
  return { ...visit, alerts: visit.alerts.filter((alert) => alert.kind !== 'duress') };
}

/** The visit as any reader sees it: staff mobile numbers and vehicles are for responders in an alert, not for reading. */
export function withoutStaffContacts(visit: Visit): Visit {
  const staff = visit.details.staff.map(({ mobile: _mobile, vehicle: _vehicle, ...member }) => member);
  return { ...visit, details: { ...visit.details, staff } };
}

/** The filed report as staff read it: the duress alert left out, and the categories it alone put the report in. */
export function staffReport(report: FiledReport, visit: Visit): FiledReport {
  // "Staff safety" comes from an alert or a cancellation for safety (the one with a written notice):
  // with the duress alert gone, it stays only if one of those remains.
  const safety = staffView(visit).alerts.length > 0 || Boolean(report.body.cancellation?.writtenNoticeTo);
  const categories = report.categories.filter((category) => category !== 'Staff safety' || safety);
  return {
    ...report,
    categories,
    body: { ...report.body, categories, alerts: report.body.alerts.filter((alert) => alert.kind !== 'duress') },
  };
}

/**
 * Whether the caller reads the visit as its staff do: they are on it, whatever group they act in (a
 * DSL may make a visit herself), or they are staff. The phone someone else may be holding.
 */
export const readsAsStaff = (visit: Visit, actor: Actor): boolean => isAssignedStaff(visit, actor) || actor.role === 'staff';

/** Whether anyone used their duress code on the visit (a check-in, a cancelled call for help): only then does the staff's reading differ from the record. */
export const hasDuressCheckIn = (events: readonly StoredVisitEvent[]): boolean => events.some((event) => duressAlertOf(event).length > 0);

/** The staff's own reading of their visit, folded from its events: the visit, and when it last changed as they see it. */
export interface StaffRead {
  readonly state: VisitState;
  /** The recorded time of the last event they see (a close and report filed for them included): the board line's `updatedAt`. */
  readonly updatedAt: string | undefined;
  /**
   * The real id of each alert and concern whose id they read differently (by their id). Ids are minted
   * from the stream's version (guards.ts, mintId), so one minted after an event they do not see is
   * read with the number a twin would have given it; an answer to it names the id they read.
   */
  readonly realIds: ReadonlyMap<string, string>;
}

/** The workflow's steps as a normal visit takes them the moment its route reaches them (steps.ts, closeThenPlan). */
const STEPS_TAKEN_AT_ONCE: ReadonlySet<string> = new Set(['close', 'file-report']);

/**
 * What the member of staff reads of their own visit, from its events, on a phone someone else may be
 * holding: exactly what a twin visit without the duress check-in would show, to the end.
 *
 * A duress alert stays open until the office resolves it, and the workflow waits for that before it
 * closes the visit and files its report, where the twin closes and files the moment the staff are back.
 * So the staff's reading is folded without what only the duress alert explains (the alert, and the
 * office's acknowledging and resolving it), and without the workflow's real close and report: those
 * are taken instead as the twin's workflow would take them, the moment the staff's own reading routes
 * to them, with the twin's report. Versions count the events the staff see, as the twin's do.
 *
 * A visit never checked in under duress is read as recorded (`fold`), with its own version and times.
 */
export function staffRead(events: readonly StoredVisitEvent[], policy: Policy | undefined): StaffRead {
  const hidden = hiddenAlerts(events);
  if (hidden.size === 0) return { state: fold(events), updatedAt: events.at(-1)?.meta.recordedAt, realIds: new Map() };
  let state: VisitState = initialState;
  let updatedAt: string | undefined;
  // Each event they see, by its version in the stream, with its version as they count.
  const staffVersions = new Map<number, number>();
  const staffIds = new Map<string, string>();
  const fold1 = (event: VisitEvent) => {
    state = evolve(state, event);
    updatedAt = event.meta.recordedAt;
  };
  for (const event of events) {
    const seen = asStaffSee(event, hidden, policy !== undefined);
    if (!seen) continue;
    staffVersions.set(event.version, state.version + 1);
    fold1(withIdsAsStaffRead(seen, staffVersions, staffIds));
    if (policy) for (const step of stepsATwinTakes(state, policy, event.meta.recordedAt)) fold1(step);
  }
  const realIds = new Map([...staffIds].filter(([real, seen]) => real !== seen).map(([real, seen]) => [seen, real] as const));
  return { state, updatedAt, realIds };
}

/** A minted id (`panic-14`): its prefix and the stream version it was minted at. */
const MINTED = /^([a-z]+)-(\d+)$/;

/**
 * The event with every alert and concern id it names as the staff read it: minted at the version
 * they count for the same event (an id they have seen keeps the reading it was first given).
 */
function withIdsAsStaffRead(event: VisitEvent, staffVersions: ReadonlyMap<number, number>, staffIds: Map<string, string>): VisitEvent {
  const asRead = (id: string): string => {
    const known = staffIds.get(id);
    if (known) return known;
    const minted = MINTED.exec(id);
    const version = minted ? staffVersions.get(Number(minted[2])) : undefined;
    const read = minted && version !== undefined ? `${minted[1]}-${version}` : id;
    staffIds.set(id, read);
    return read;
  };
  const data: Record<string, unknown> = { ...event.data };
  for (const key of ['alertId', 'concernId'] as const) {
    const id = data[key];
    if (typeof id === 'string') data[key] = asRead(id);
  }
  return { ...event, data } as VisitEvent;
}

/**
 * The alerts a stored event makes duress alerts, if any: the duress alert it raises, and a call for
 * help called off with the duress code (on the phone it is over, as on a twin; for the office it is not).
 */
function duressAlertOf(event: StoredVisitEvent): string[] {
  if (event.type === 'CheckedIn' && event.data.duress) return [event.data.duress.alertId];
  if (event.type === 'FalseAlarmCancelled' && event.data.duress) return [event.data.duress.alertId, event.data.alertId];
  return event.type === 'DuressRaised' ? [event.data.alertId] : [];
}

/** Each alert the staff do not see answered, with the stream version from which they no longer do. */
function hiddenAlerts(events: readonly StoredVisitEvent[]): ReadonlyMap<string, number> {
  const hidden = new Map<string, number>();
  for (const event of events) for (const alertId of duressAlertOf(event)) if (!hidden.has(alertId)) hidden.set(alertId, event.version);
  return hidden;
}

/** The event as the staff would have seen it recorded on a twin visit, or undefined if the twin never records it. */
function asStaffSee(event: StoredVisitEvent, hidden: ReadonlyMap<string, number>, stepsTakenForThem: boolean): VisitEvent | undefined {
  switch (event.type) {
    case 'DuressRaised':
      return undefined;
    case 'CheckedIn':
    case 'FalseAlarmCancelled': {
      const { duress: _duress, ...data } = event.data;
      return { type: event.type, data, meta: event.meta } as VisitEvent;
    }
    case 'AlertEscalated':
    case 'AlertAcknowledged':
    case 'AlertResolved': {
      // An answer given before the alert became the duress's (an acknowledgement of the call for help) stays, as on the twin.
      const from = hidden.get(event.data.alertId);
      return from !== undefined && event.version >= from ? undefined : event;
    }
    case 'VisitClosed':
    case 'ReportFiled':
      return stepsTakenForThem ? undefined : event;
    default:
      return event;
  }
}

/** The close and the report a twin's workflow records at `at`, as far as the staff's reading routes to them. */
function stepsATwinTakes(start: VisitState, policy: Policy, at: string): VisitEvent[] {
  const taken: VisitEvent[] = [];
  let state = start;
  while (state.status !== 'none') {
    const route = routeOf(state);
    if (!STEPS_TAKEN_AT_ONCE.has(route)) break;
    const meta = { commandId: `${route}:v${state.version}`, actor: WORKFLOW_ACTOR, now: at };
    // The two steps (stages.ts): a visit back or ended is closed, a closed one has its report filed.
    const command: Command =
      state.status === 'closed'
        ? { name: 'file-report', body: { reportId: `${state.visitId}-report`, categories: reportCategories(state, policy), body: buildReportBody(state, policy) }, meta }
        : { name: 'close', body: {}, meta };
    const decision = decide(command, state, policy);
    // A step the twin's workflow would be refused leaves the twin where it is, as it leaves the workflow.
    if (!decision.ok) break;
    for (const decided of decision.events as VisitEvent[]) {
      const event = asStoreReturns(decided);
      state = evolve(state, event);
      taken.push(event);
    }
  }
  return taken;
}

/**
 * The event as a read of the store hands it back: through the chain's round trip (hash-chain.ts) and
 * the read's parses, so its keys come in the same order as a twin's, to the byte.
 */
function asStoreReturns(event: VisitEvent): VisitEvent {
  const [stored] = chainEvents('staff-view', 1, '', [event]);
  if (!stored) throw new Error('unreachable: chainEvents returned no event');
  const { type, data } = parseVisitEvent(stored);
  return { type, data, meta: EventMeta.parse(stored.meta) } as VisitEvent;
}
