import { useEffect, useState } from 'preact/hooks';
import { siteConfig } from './config';

/**
 * The server's clock, as the pages must count down against it: locally it may run many times
 * faster than real time (`npm start -- --time-scale 60`); on AWS it is real time. Read once from
 * the API's /health (on AWS another origin than the page's: the page's own /health is CloudFront's,
 * which has none), then extrapolated.
 */
export interface ServerClock {
  now(): number;
  readonly timeScale: number;
}

let clock: Promise<ServerClock> | undefined;

export function serverClock(): Promise<ServerClock> {
  clock ??= siteConfig()
    .then((config) => fetch(`${config.apiUrl}/health`, { cache: 'no-store' }))
    .then(async (response) => {
      if (!response.ok) throw new Error(`/health: HTTP ${response.status}`);
      const health = (await response.json()) as { now: string; timeScale: number };
      const at = Date.now();
      const serverAt = Date.parse(health.now);
      return { timeScale: health.timeScale, now: () => serverAt + (Date.now() - at) * health.timeScale };
    })
    .catch(() => {
      clock = undefined; // asked again next time: a page opened offline lines up once it is back online
      return { timeScale: 1, now: () => Date.now() }; // offline: the phone's own clock
    });
  return clock;
}

/** The server's time now, re-rendering every `everyMs` of real time. */
export function useServerNow(everyMs = 500): number | undefined {
  const [now, setNow] = useState<number>();
  useEffect(() => {
    let timer: ReturnType<typeof setInterval> | undefined;
    void serverClock().then((loaded) => {
      setNow(loaded.now());
      timer = setInterval(() => setNow(loaded.now()), everyMs);
    });
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** "4 min 05 s", "1 h 02 min", or "overdue by 30 s": words a screen reader reads as well as a glance does. */
export function countdownText(untilMs: number): string {
  const overdue = untilMs < 0;
  const total = Math.round(Math.abs(untilMs) / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const text = hours > 0 ? `${hours} h ${String(minutes).padStart(2, '0')} min` : `${minutes} min ${String(seconds).padStart(2, '0')} s`;
  return overdue ? `overdue by ${text}` : text;
}
