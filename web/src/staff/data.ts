import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api, problemOf, type ApiProblem, type BoardRow, type Policy, type Visit } from '../shared/api';
import { storedSession } from '../shared/session';
import { clockTime } from '../shared/time';
import { outboxState, subscribe } from './outbox';
import type { QueuedAction } from './outbox-store';
import { keepPassFor } from './visit-pass';

/**
 * What the staff page reads: the person's own visits today (GET /me/visits) and the open visit
 * (GET /visits/{id}), each polled so the page follows the workflow as it moves the visit on. Only
 * what the API's staff view returns is ever shown: never a duress alert, nor anything that follows
 * from one alone.
 */

export interface OpenVisit {
  /** The staff view: never a duress alert. */
  readonly visit: Visit;
  readonly summary?: BoardRow;
  /** The policy in force for the visit (absent if the trust no longer holds its version). */
  readonly policy?: Policy;
  readonly version: number;
}

type Loaded<T> = { readonly data?: T; readonly problem?: ApiProblem; readonly offline?: boolean };
type Polled<T> = { readonly data?: T; readonly problem?: ApiProblem; readonly loading: boolean; readonly refresh: () => void };

/**
 * The last answer read, kept for this tab only (sessionStorage), so a page reloaded in a dead zone
 * still shows the visit and its buttons (what is pressed then waits in the outbox). Per person: on
 * a shared phone, nobody else's visits show.
 */
const keptKey = (key: string) => `home-visits.staff.${storedSession()?.user.userId ?? ''}.${key}`;

function kept<T>(key: string): { data: T; readAt: number } | undefined {
  try {
    const stored = sessionStorage.getItem(keptKey(key));
    return stored ? (JSON.parse(stored) as { data: T; readAt: number }) : undefined;
  } catch {
    return undefined;
  }
}

function keep(key: string, data: unknown, readAt: number): void {
  try {
    sessionStorage.setItem(keptKey(key), JSON.stringify({ data, readAt }));
  } catch {
    // Storage full or switched off: the page works as before, only not after a reload without signal.
  }
}

/** A read refused for a lapsed sign-in: the screen keeps what it had, and says why it no longer moves. */
const SIGNED_OUT: ApiProblem = { status: 401, message: 'Your sign-in has ended, so this shows what the phone last heard. Sign in again to see the visit as it is now.' };

const readProblem = (status: number, error: unknown): ApiProblem => (status === 401 ? SIGNED_OUT : problemOf(status, error));

function offline(readAt: number | undefined): ApiProblem {
  const read = readAt ? `Showing what this phone last heard, at ${clockTime(readAt)}.` : 'This phone has not read it yet.';
  return { status: 0, message: `No connection. ${read} What you press now is kept on the phone and sent when there is signal.` };
}

/** Run `load` now and every `everyMs` of real time (while the page is open); `refresh` runs it at once. */
function usePolled<T>(load: () => Promise<Loaded<T>>, everyMs: number, key: string): Polled<T> {
  const initial = () => {
    const last = kept<T>(key);
    return { loading: true, ...(last ? { data: last.data, readAt: last.readAt } : {}) };
  };
  const [state, setState] = useState<{ data?: T; readAt?: number; problem?: ApiProblem; loading: boolean }>(initial);
  const latest = useRef(0);
  const run = useCallback(() => {
    const ticket = ++latest.current;
    void load().then((result) => {
      // An older answer that arrives after a newer request never overwrites it.
      if (ticket !== latest.current) return;
      if (result.data !== undefined) {
        const readAt = Date.now();
        keep(key, result.data, readAt);
        return setState({ data: result.data, readAt, loading: false });
      }
      // A failed read keeps what was last read (a dead zone must not blank the screen), and says why.
      setState((previous) => ({
        ...(previous.data !== undefined ? { data: previous.data, readAt: previous.readAt } : {}),
        problem: result.offline ? offline(previous.readAt) : result.problem,
        loading: false,
      }));
    });
  }, [key]);
  useEffect(() => {
    setState(initial());
    run();
    const timer = setInterval(run, everyMs);
    return () => clearInterval(timer);
  }, [run, everyMs]);
  return { ...(state.data !== undefined ? { data: state.data } : {}), ...(state.problem ? { problem: state.problem } : {}), loading: state.loading, refresh: run };
}

export function useMyVisits(): Polled<BoardRow[]> {
  return usePolled(
    async () => {
      try {
        const client = await api();
        const { data, error, response } = await client.GET('/me/visits');
        if (data) {
          keepPasses(data.visits.map((row) => ({ visitId: row.visitId, status: row.status })));
          return { data: data.visits };
        }
        return { problem: readProblem(response.status, error) };
      } catch {
        return { offline: true };
      }
    },
    5_000,
    'me',
  );
}

export function useVisit(visitId: string): Polled<OpenVisit> {
  return usePolled(
    async () => {
      try {
        const client = await api();
        const { data, error, response } = await client.GET('/visits/{id}', { params: { path: { id: visitId } } });
        if (!data) return { problem: readProblem(response.status, error) };
        keepPasses([{ visitId, status: data.status }]);
        return {
          data: {
            visit: data.visit,
            version: data.version,
            ...(data.summary ? { summary: data.summary } : {}),
            ...(data.policy ? { policy: data.policy } : {}),
          },
        };
      } catch {
        return { offline: true };
      }
    },
    3_000,
    visitId,
  );
}

/** A visit the staff member is out on now: what panic from the list sends for. */
export const OUT_STATUSES = ['travelling', 'at-door', 'in-home', 'returning'];

/** Ready to set off, or out: the visits a phone holds a pass for before it goes where there is no signal. */
const PASS_STATUSES = new Set(['ready', ...OUT_STATUSES]);

function keepPasses(visits: ReadonlyArray<{ visitId: string; status: string }>): void {
  const userId = storedSession()?.user.userId;
  if (!userId) return;
  for (const visit of visits) if (PASS_STATUSES.has(visit.status)) void keepPassFor(userId, visit.visitId);
}

export function visitUnderWay(rows: readonly BoardRow[] | undefined): BoardRow | undefined {
  return rows?.find((row) => OUT_STATUSES.includes(row.status));
}

/** This person's actions on the visit that the outbox last delivered, and those still waiting on the phone, followed as the outbox changes. */
export function useQueuedOn(visitId: string): { readonly delivered: readonly QueuedAction[]; readonly waiting: readonly QueuedAction[] } {
  const [queued, setQueued] = useState<{ delivered: readonly QueuedAction[]; waiting: readonly QueuedAction[] }>({ delivered: [], waiting: [] });
  useEffect(() => {
    let live = true;
    const onVisit = (items: readonly QueuedAction[]) => items.filter((item) => item.visitId === visitId);
    const read = () =>
      void outboxState().then((state) => {
        if (live) setQueued({ delivered: onVisit(state.sent), waiting: onVisit(state.waiting) });
      });
    const unsubscribe = subscribe(read);
    read();
    return () => {
      live = false;
      unsubscribe();
    };
  }, [visitId]);
  return queued;
}
