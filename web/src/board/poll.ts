import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api, problemOf, type ApiProblem, type BoardRow } from '../shared/api';

/**
 * The board's live feed: `GET /visits?status=active` (and `school=` when filtered) every couple of
 * seconds, one request at a time, for as long as the page is open. A failed poll changes nothing on
 * screen but the "reconnecting" note: the last good lines stay up and the next tick tries again.
 */

export const POLL_EVERY_MS = 2000;
/** With a school chosen, how often the other schools are looked at, for the filter's choices. */
const SCHOOLS_EVERY_MS = 30_000;

export interface BoardFeed {
  /** The last good answer, in the server's order; undefined until the first one. */
  readonly rows?: readonly BoardRow[];
  /** The schools with anyone out, for the filter (every school's, even while filtered). */
  readonly schools: readonly string[];
  /** Wall-clock time (ms) of the last good answer. */
  readonly updatedAt?: number;
  /** The last poll failed: the network (`offline`), or the server's refusal in its words. */
  readonly failure?: 'offline' | ApiProblem;
  /** Counts the ticker's ticks: what the board does on its beat besides polling (a critical alert's alarm repeats on it). */
  readonly tick: number;
  /** Poll now (after an action), not at the next tick. */
  refresh(): void;
}

async function fetchBoard(school: string | undefined): Promise<{ rows: BoardRow[] } | { failure: 'offline' | ApiProblem }> {
  try {
    const client = await api();
    const { data, error, response } = await client.GET('/visits', {
      params: { query: { status: 'active', ...(school ? { school } : {}) } },
      cache: 'no-store',
    });
    if (!data) return { failure: problemOf(response.status, error) };
    return { rows: data.visits };
  } catch {
    return { failure: 'offline' };
  }
}

/** A tick every `everyMs`, from a worker where the browser allows one (not slowed in a hidden tab), else a timer. */
function useTicker(everyMs: number, tick: () => void): void {
  const latest = useRef(tick);
  latest.current = tick;
  useEffect(() => {
    let worker: Worker | undefined;
    try {
      worker = new Worker(new URL('./ticker.worker.ts', import.meta.url), { type: 'module' });
      worker.onmessage = () => latest.current();
      worker.postMessage(everyMs);
    } catch {
      worker = undefined;
    }
    // The timer runs as well: if the worker never starts, the board still moves.
    const timer = setInterval(() => latest.current(), everyMs);
    return () => {
      worker?.terminate();
      clearInterval(timer);
    };
  }, [everyMs]);
}

export function useBoardFeed(school: string | undefined): BoardFeed {
  const [feed, setFeed] = useState<Omit<BoardFeed, 'refresh' | 'schools' | 'tick'>>({});
  const [allSchools, setAllSchools] = useState<readonly string[]>([]);
  const [tick, setTick] = useState(0);
  const inFlight = useRef(false);
  /** Asked for while a poll was under way (an action, a new filter): poll again as soon as it ends. */
  const again = useRef(false);
  const lastPollAt = useRef(0);
  const schoolsAt = useRef(Number.NEGATIVE_INFINITY);
  /** Answers to an earlier filter are dropped when they land after a change. */
  const current = useRef(school);
  current.current = school;

  const poll = useCallback(async (force: boolean) => {
    if (inFlight.current) {
      if (force) again.current = true;
      return;
    }
    if (!force && performance.now() - lastPollAt.current < POLL_EVERY_MS * 0.75) return;
    inFlight.current = true;
    lastPollAt.current = performance.now();
    const asked = current.current;
    try {
      const answer = await fetchBoard(asked);
      if (asked !== current.current) return;
      if ('rows' in answer) {
        setFeed({ rows: answer.rows, updatedAt: Date.now() });
        if (!asked) setAllSchools(schoolsOf(answer.rows));
      } else {
        setFeed((before) => ({ ...before, failure: answer.failure }));
      }
      if (asked && performance.now() - schoolsAt.current > SCHOOLS_EVERY_MS) {
        schoolsAt.current = performance.now();
        const every = await fetchBoard(undefined);
        if ('rows' in every) setAllSchools(schoolsOf(every.rows));
      }
    } finally {
      inFlight.current = false;
      if (again.current) {
        again.current = false;
        void poll(true);
      }
    }
  }, []);

  useEffect(() => {
    schoolsAt.current = Number.NEGATIVE_INFINITY;
    setFeed({});
    void poll(true);
  }, [school, poll]);
  useTicker(POLL_EVERY_MS, () => {
    setTick((before) => before + 1);
    void poll(false);
  });

  const schools = school && !allSchools.includes(school) ? [...allSchools, school].sort() : allSchools;
  return { ...feed, schools, tick, refresh: () => void poll(true) };
}

const schoolsOf = (rows: readonly BoardRow[]): string[] => [...new Set(rows.map((row) => row.schoolId))].sort();
