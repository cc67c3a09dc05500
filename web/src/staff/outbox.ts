import { api, problemOf, type ApiProblem } from '../shared/api';
import type { paths } from '../shared/api-schema';
import { serverClock } from '../shared/clock';
import { storedSession } from '../shared/session';
import { freshSession } from '../shared/sign-in';
import { clockTime } from '../shared/time';
import * as store from './outbox-store';
import type { QueuedAction, RejectedAction } from './outbox-store';
import { isPassAction, passFor } from './visit-pass';

/**
 * What a member of staff does on a visit reaches the API even through a dead zone. Each press gets
 * its Idempotency-Key and its claimed time (X-Claimed-At, the server's clock when the button was
 * pressed) at once. Sent straight away when the phone is online; when it is not, or the request
 * never got an answer, the action waits in IndexedDB and is sent later, in order, with the same key
 * and claimed time, so the API records it once, at the time it happened. Only the person who
 * pressed the button sends it.
 *
 * A lapsed sign-in stops nothing: a call for help, a check-in and "back safely" go with the visit
 * pass the phone holds (visit-pass.ts), and anything else waits, with its key, until the person
 * signs in again.
 */

export type SendOutcome = { queued: true; why: string; key: string } | { queued: false; ok: true; result: unknown } | { queued: false; ok: false; problem: ApiProblem };

type PostPaths = { [P in keyof paths]: paths[P] extends { post: object } ? P : never }[keyof paths];
type VisitActionPath = Extract<PostPaths, `/visits/{id}/${string}`>;
type ActionOf<P> = P extends `/visits/{id}/${infer Action}` ? Action : never;
export type VisitAction = ActionOf<VisitActionPath>;

/** How the queue names an action to the person who pressed it ("Check in at 10:42"). */
const ACTION_NAMES: Record<VisitAction, string> = {
  authorise: 'Authorise',
  decline: 'Decline',
  reschedule: 'Change the arrangements',
  depart: 'Set off',
  'report-late': 'Family running late',
  'extend-time': 'More time',
  arrive: 'At the door',
  'family-at-door': 'Family at the door',
  enter: 'Go in',
  'check-in': 'Check in',
  leave: 'Leave the home',
  return: 'Back safely',
  cancel: 'Cancel the visit',
  'raise-concern': 'Raise a concern',
  panic: 'Call for help',
  'cancel-alarm': 'Call off a call for help',
  acknowledge: 'I have it (alert)',
  'resolve-alert': 'Alert handled',
  'resolve-follow-up': 'Settle a follow-up',
};

const isVisitAction = (action: string): action is VisitAction => Object.hasOwn(ACTION_NAMES, action);

/** "Check in at 10:42": the action and when it was pressed (the server's clock, in this phone's zone). */
export function describeAction(item: Pick<QueuedAction, 'action' | 'claimedAt'>): string {
  const name = isVisitAction(item.action) ? ACTION_NAMES[item.action] : item.action;
  return `${name} at ${clockTime(item.claimedAt)}`;
}

/** A request that had no answer in this long is treated as lost, and sent again later under its key. */
const SEND_TIMEOUT_MS = 20_000;
/** How often a non-empty queue is tried while the page is open. */
const RETRY_EVERY_MS = 15_000;
/** Never waits behind anything: a call for help goes first (the API takes a panic whenever it lands). */
const URGENT: ReadonlySet<string> = new Set<VisitAction>(['panic']);
/** Facts the API records whatever came before them (functions/core/handle-command.ts COMMUTATIVE): never held behind an action waiting for a sign-in. */
const COMMUTES: ReadonlySet<string> = new Set<VisitAction>(['panic', 'check-in', 'raise-concern']);
/**
 * Steps a visit takes once: pressed again while the first still waits on the phone, it is the same
 * press (the screen has moved on, but another tab, or a quick second tap, may still offer it), never a
 * second request the server would refuse as "moved on".
 */
const ONCE: ReadonlySet<string> = new Set<VisitAction>(['depart', 'arrive', 'family-at-door', 'enter', 'leave', 'return', 'cancel']);
/** Answers that mean "not now", not "no": the same request is sent again later under its key. */
const TRY_AGAIN = new Set([408, 429, 502, 503, 504]);

type Delivery = { kind: 'recorded'; result: unknown } | { kind: 'refused'; problem: ApiProblem } | { kind: 'unanswered'; why: string };

const SIGNED_OUT = 'Your sign-in has ended: it is kept on this phone and sent when you sign in again.';

/**
 * The one place the action's path is chosen at run time, so the one cast of the typed client. With
 * a visit pass, the pass's own route and `Authorization: VisitPass …` (the client then adds no bearer).
 */
async function post(item: QueuedAction, claim: boolean, pass?: string): Promise<{ response: Response; data?: unknown; error?: unknown }> {
  const client = await api();
  const path = (pass ? `/pass/visits/{id}/${item.action}` : `/visits/{id}/${item.action}`) as VisitActionPath;
  const init = {
    params: { path: { id: item.visitId }, header: { 'Idempotency-Key': item.key, ...(claim ? { 'X-Claimed-At': item.claimedAt } : {}) } },
    ...(pass ? { headers: { authorization: `VisitPass ${pass}` } } : {}),
    body: item.body,
    signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
  };
  return client.POST(path, init as never);
}

/** Signed in as the person who pressed it: their token; else, for what a pass carries, the pass; else not now. */
async function send(item: QueuedAction, claim: boolean): Promise<Awaited<ReturnType<typeof post>> | undefined> {
  const signedIn = (await freshSession())?.user.userId === item.userId;
  const pass = isPassAction(item.action) ? passFor(item.userId, item.visitId) : undefined;
  if (!signedIn) return pass ? post(item, claim, pass) : undefined;
  const answer = await post(item, claim);
  // The token lapsed on the way (or the server ended the sign-in): the pass still carries it.
  return answer.response.status === 401 && pass ? post(item, claim, pass) : answer;
}

const isNetworkFailure = (error: unknown) =>
  error instanceof TypeError || (error instanceof DOMException && (error.name === 'AbortError' || error.name === 'TimeoutError'));

/**
 * Sends one action and says what became of it; never throws for a lost connection. Sent as it is
 * pressed, it happens now and claims no other time (the record would say "said to be at" the same
 * minute); sent later from the queue, it claims the moment it was pressed.
 */
async function deliver(item: QueuedAction, claim: boolean): Promise<Delivery> {
  let answer: Awaited<ReturnType<typeof send>>;
  try {
    answer = await send(item, claim);
  } catch (error) {
    if (isNetworkFailure(error)) return { kind: 'unanswered', why: 'There was no connection.' };
    throw error;
  }
  if (!answer) return { kind: 'unanswered', why: SIGNED_OUT };
  const { response, data, error } = answer;
  if (response.ok) return { kind: 'recorded', result: data };
  // Recorded, though the stage waiting for it had already moved on: for the person, it is done.
  if (response.status === 409 && (error as { rule?: unknown } | undefined)?.rule === 'wait-already-ended') return { kind: 'recorded', result: error };
  const problem = problemOf(response.status, error);
  if (TRY_AGAIN.has(response.status)) return { kind: 'unanswered', why: problem.message };
  // Signed out is not a refusal of the action: it waits for the next sign-in.
  if (response.status === 401) return { kind: 'unanswered', why: SIGNED_OUT };
  return { kind: 'refused', problem };
}

/** The server's time when the button was pressed, however long the clock took to load. */
async function claimedTime(pressedAt: number): Promise<string> {
  const clock = await serverClock();
  return new Date(clock.now() - (Date.now() - pressedAt) * clock.timeScale).toISOString();
}

/**
 * Record `action` on the visit as the signed-in person, now. Online: sent at once, and the answer
 * returned (a refusal in the server's words). Offline, or no answer: kept and sent later.
 */
export async function sendAction(visitId: string, action: string, body: unknown): Promise<SendOutcome> {
  const pressedAt = Date.now();
  if (!isVisitAction(action)) throw new Error(`sendAction: "${action}" is not an action on a visit`);
  // Whoever is signed in on this phone, lapsed or not: what they press is theirs to send.
  const session = storedSession();
  if (!session) return { queued: false, ok: false, problem: problemOf(401, undefined) };
  if (ONCE.has(action)) {
    const same = (await store.pendingActions()).find((waiting) => waiting.userId === session.user.userId && waiting.visitId === visitId && waiting.action === action);
    if (same) {
      notify(); // this tab may not have heard of it yet: its screen moves on now
      return { queued: true, why: 'It is already kept on this phone.', key: same.key };
    }
  }
  const item: QueuedAction = {
    key: crypto.randomUUID(),
    visitId,
    action,
    body,
    claimedAt: await claimedTime(pressedAt),
    userId: session.user.userId,
    userName: session.user.name,
  };
  if (!navigator.onLine) {
    await keep(item, 'The phone was offline.');
    return { queued: true, why: 'The phone was offline.', key: item.key };
  }
  // Behind what is already waiting, never ahead of it: the API must hear them in the order pressed.
  if (!URGENT.has(action) && (await store.pendingActions()).some((waiting) => waiting.userId === item.userId)) return sendBehind(item);
  const delivery = await deliver(item, false);
  switch (delivery.kind) {
    case 'recorded':
      return { queued: false, ok: true, result: delivery.result };
    case 'refused':
      return { queued: false, ok: false, problem: delivery.problem };
    case 'unanswered':
      await keep(item, delivery.why);
      return { queued: true, why: delivery.why, key: item.key };
  }
}

/** Queued behind this person's waiting actions, then sent with them: its own answer if this round reached it. */
async function sendBehind(item: QueuedAction): Promise<SendOutcome> {
  await keep(item, 'It waits for the actions before it.');
  await flush();
  if (!answered.has(item.key)) await flush(); // the round under way may have started before it was queued
  const outcome = answered.get(item.key);
  if (!outcome) return { queued: true, why: 'It waits for the actions before it.', key: item.key };
  answered.delete(item.key);
  // The page shows this refusal itself; it need not also wait in the "not accepted" list.
  if (!outcome.ok) await dismissNotAccepted(item.key);
  return outcome;
}

async function keep(item: QueuedAction, why: string): Promise<void> {
  await store.enqueue({ ...item, lastFailure: why });
  changed();
  schedule();
}

// ---------------------------------------------------------------------------------------------
// Sending what waits.

let flushing: Promise<void> | undefined;
let sending = false;
/** What the last round delivered, so the page can say so once the queue is empty. */
let sent: QueuedAction[] = [];
/** The server's answers to queued actions, by key, for sendBehind. */
const answered = new Map<string, Exclude<SendOutcome, { queued: true }>>();

/**
 * Sends the signed-in person's waiting actions, oldest first (a call for help before anything),
 * one at a time, each under its original key and claimed time. One that gets no answer stays, and
 * so does everything after it (the order is kept); one the server refuses moves to the "not
 * accepted" list. One flush at a time in this page, and across tabs (Web Locks) where the browser
 * has them.
 */
export function flush(options: { evenIfOffline?: boolean } = {}): Promise<void> {
  flushing ??= exclusive(() => sendWaiting(options.evenIfOffline ?? false)).finally(() => {
    flushing = undefined;
  });
  return flushing;
}

async function exclusive(task: () => Promise<void>): Promise<void> {
  if (navigator.locks) await navigator.locks.request('home-visits-outbox', task);
  else await task();
}

async function sendWaiting(evenIfOffline: boolean): Promise<void> {
  const session = storedSession();
  if (!session || (!navigator.onLine && !evenIfOffline)) return;
  const mine = (await store.pendingActions())
    .filter((item) => item.userId === session.user.userId)
    .sort((a, b) => Number(URGENT.has(b.action)) - Number(URGENT.has(a.action))); // stable: otherwise as pressed
  if (mine.length === 0) return;
  sending = true;
  sent = [];
  answered.clear();
  changed();
  try {
    /** An action that must keep its place waits for a sign-in: what follows it waits too, but for the facts that land in any order. */
    let held = false;
    for (const item of mine) {
      if (held && !COMMUTES.has(item.action)) continue;
      const delivery = await deliver(item, true);
      if (delivery.kind === 'recorded') {
        await store.remove(item.seq!);
        sent.push(item);
        answered.set(item.key, { queued: false, ok: true, result: delivery.result });
      } else if (delivery.kind === 'refused') {
        // A refusal is the server's answer: shown, not retried.
        await store.moveToRejected(item.seq!, delivery.problem);
        answered.set(item.key, { queued: false, ok: false, problem: delivery.problem });
      } else {
        await store.markFailure(item.seq!, delivery.why);
        // No connection: nothing after it can go either. Signed out: a check-in or a call for help still can, with the pass.
        if (delivery.why !== SIGNED_OUT) return;
        if (!COMMUTES.has(item.action)) held = true;
      }
      changed();
    }
  } finally {
    sending = false;
    changed();
    schedule();
  }
}

// ---------------------------------------------------------------------------------------------
// What the page shows, and telling it when that changes.

export interface OutboxState {
  /** The signed-in person's actions waiting to be sent, oldest first. */
  readonly waiting: readonly QueuedAction[];
  /** Actions someone else pressed on this phone: only they can send them. */
  readonly othersWaiting: readonly QueuedAction[];
  /** The signed-in person's actions the server did not accept, with its words. */
  readonly notAccepted: readonly RejectedAction[];
  /** What the last round of sending delivered. */
  readonly sent: readonly QueuedAction[];
  readonly sending: boolean;
  readonly online: boolean;
}

export async function outboxState(): Promise<OutboxState> {
  const userId = storedSession()?.user.userId;
  const [pending, rejected] = await Promise.all([store.pendingActions(), store.rejectedActions()]);
  return {
    waiting: pending.filter((item) => item.userId === userId),
    othersWaiting: pending.filter((item) => item.userId !== userId),
    notAccepted: rejected.filter((item) => item.userId === userId),
    sent: sent.filter((item) => item.userId === userId),
    sending,
    online: navigator.onLine,
  };
}

/** What became of a queued action: still waiting, sent (gone from the queue, not refused), or refused. */
export async function fateOf(key: string): Promise<'waiting' | 'sent' | 'refused'> {
  const [pending, rejected] = await Promise.all([store.pendingActions(), store.rejectedActions()]);
  if (pending.some((item) => item.key === key)) return 'waiting';
  return rejected.some((item) => item.key === key) ? 'refused' : 'sent';
}

export async function dismissNotAccepted(key: string): Promise<void> {
  await store.dismissRejected(key);
  changed();
}

const listeners = new Set<() => void>();
let channel: BroadcastChannel | undefined;

/** Calls `listener` whenever the queue changes, here or in another tab. Returns the unsubscribe. */
export function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function notify(): void {
  for (const listener of listeners) listener();
}

function changed(): void {
  notify();
  channel?.postMessage('changed');
}

let timer: ReturnType<typeof setInterval> | undefined;
let started = 0;

/** Tries again every 15 s while this person has something waiting (and the outbox is started). */
function schedule(): void {
  if (started === 0) return;
  void store.pendingActions().then((pending) => {
    const userId = storedSession()?.user.userId;
    const any = pending.some((item) => item.userId === userId);
    if (any && !timer) timer = setInterval(() => void flush(), RETRY_EVERY_MS);
    if (!any && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  });
}

const onOnline = () => {
  notify();
  void flush();
};

/**
 * Starts sending in the background: now (the page has loaded), whenever the phone comes back
 * online, and every 15 s while something waits. Returns the stop; calls nest (the last stop stops).
 */
export function startOutbox(): () => void {
  started += 1;
  if (started === 1) {
    window.addEventListener('online', onOnline);
    window.addEventListener('offline', notify);
    if (typeof BroadcastChannel !== 'undefined') {
      channel = new BroadcastChannel('home-visits-outbox');
      channel.onmessage = () => {
        notify();
        schedule();
      };
    }
    void flush();
    schedule();
  }
  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    started -= 1;
    if (started > 0) return;
    window.removeEventListener('online', onOnline);
    window.removeEventListener('offline', notify);
    channel?.close();
    channel = undefined;
    clearInterval(timer);
    timer = undefined;
  };
}
