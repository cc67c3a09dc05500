/**
 * A metronome for the board's polling. Timers in a hidden tab are slowed by the browser, to once a
 * minute after a few minutes; a worker's are not, so a board left behind another tab still hears of
 * a panic within seconds (and its notification still shows).
 */
const scope = globalThis as unknown as { onmessage: ((event: MessageEvent<number>) => void) | null; postMessage(message: unknown): void };

let timer: ReturnType<typeof setInterval> | undefined;
scope.onmessage = (event) => {
  clearInterval(timer);
  timer = setInterval(() => scope.postMessage('tick'), event.data);
};
