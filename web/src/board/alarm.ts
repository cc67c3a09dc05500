/**
 * How a new alert makes itself heard on the office's screen: a short sound made with the Web Audio
 * API (no audio file), and a browser notification where the office allowed them. Browsers hold audio
 * back until a person has pressed something on the page, so the office turns sound on once with a
 * button; the choice is remembered on this device, and after a reload the first press anywhere on the
 * page lets the sound out again. Notifications are asked for with a button, never on load.
 */

const SOUND_KEY = 'home-visits.board.sound';

let context: AudioContext | undefined;

export const soundWanted = (): boolean => localStorage.getItem(SOUND_KEY) === 'on';

/** Whether a sound would be heard now: wanted, and the browser has let the page's audio start. */
export const soundRunning = (): boolean => soundWanted() && context?.state === 'running';

/** From the "Turn on sound" button (a user gesture): start the audio and remember the choice. */
export async function turnSoundOn(): Promise<boolean> {
  localStorage.setItem(SOUND_KEY, 'on');
  context ??= new AudioContext();
  if (context.state !== 'running') await context.resume().catch(() => undefined);
  if (context.state === 'running') chime();
  return context.state === 'running';
}

export function turnSoundOff(): void {
  localStorage.setItem(SOUND_KEY, 'off');
  void context?.suspend();
}

/**
 * Where sound was turned on before a reload: the first press or key anywhere on the page starts it
 * (browsers allow audio only after one). `changed` is told when it did.
 */
export function resumeSoundOnFirstGesture(changed: () => void): () => void {
  const resume = () => {
    if (!soundWanted()) return;
    context ??= new AudioContext();
    void context.resume().then(changed, () => undefined);
  };
  document.addEventListener('pointerdown', resume, { capture: true });
  document.addEventListener('keydown', resume, { capture: true });
  // Some browsers (and a kiosk started with autoplay allowed) let it run without a gesture.
  if (soundWanted()) {
    context ??= new AudioContext();
    void context.resume().then(changed, () => undefined);
  }
  return () => {
    document.removeEventListener('pointerdown', resume, { capture: true });
    document.removeEventListener('keydown', resume, { capture: true });
  };
}

function tone(at: number, frequency: number, seconds: number, peak: number): void {
  if (!context) return;
  const oscillator = context.createOscillator();
  const gain = context.createGain();
  oscillator.type = 'square';
  oscillator.frequency.setValueAtTime(frequency, at);
  gain.gain.setValueAtTime(0.0001, at);
  gain.gain.exponentialRampToValueAtTime(peak, at + 0.02);
  gain.gain.exponentialRampToValueAtTime(0.0001, at + seconds);
  oscillator.connect(gain).connect(context.destination);
  oscillator.start(at);
  oscillator.stop(at + seconds + 0.05);
}

/** The critical alarm: three urgent two-tone beeps, about 1.2 s in all. */
export function alarm(): void {
  if (!soundRunning() || !context) return;
  const start = context.currentTime + 0.02;
  for (let beep = 0; beep < 3; beep += 1) {
    tone(start + beep * 0.4, 880, 0.16, 0.35);
    tone(start + beep * 0.4 + 0.18, 660, 0.16, 0.35);
  }
}

/** A new alert below level 2: one soft tone. Also what "Turn on sound" plays, so the office hears it works. */
export function chime(): void {
  if (!soundRunning() || !context) return;
  tone(context.currentTime + 0.02, 587, 0.35, 0.15);
}

export type NotificationState = 'unsupported' | NotificationPermission;

export const notificationState = (): NotificationState => ('Notification' in globalThis ? Notification.permission : 'unsupported');

/** From the "Turn on notifications" button: the browser asks the person. */
export async function askForNotifications(): Promise<NotificationState> {
  if (!('Notification' in globalThis)) return 'unsupported';
  return Notification.requestPermission();
}

/** A notification that stays until dismissed, naming the alert and the staff (never the pupil). Clicking it brings the board forward. */
export function notify(title: string, body: string, tag: string): void {
  if (notificationState() !== 'granted') return;
  try {
    const shown = new Notification(title, { body, tag, requireInteraction: true });
    shown.onclick = () => {
      window.focus();
      shown.close();
    };
  } catch {
    // Chrome on Android allows notifications only from a service worker: the sound and the screen still say it.
  }
}
