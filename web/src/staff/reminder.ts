import { useEffect, useState } from 'preact/hooks';
import { serverClock } from '../shared/clock';
import { clockTime } from '../shared/time';
import { realDelayUntil, reminderAt } from './reminder-time';

/**
 * The reminder before a check-in falls due, as the policy says: the phone vibrates, sounds and shows
 * a notification through the service worker (where the person allowed notifications), scheduled from
 * the server's deadline on the server's clock. Once per due time: a check-in moves the deadline, and
 * so the next reminder. Returns the due time it last reminded of, for the page to say it too.
 */
export function useCheckInReminder(visitId: string, due: { readonly kind: string; readonly at: string } | undefined, minutesBefore: number): string | undefined {
  const [reminded, setReminded] = useState<string>();
  const at = reminderAt(due, minutesBefore);
  const dueAt = due?.at;
  useEffect(() => {
    if (at === undefined || dueAt === undefined || reminded === dueAt) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let cancelled = false;
    void serverClock().then((clock) => {
      // Opened after the reminder time but before the check-in is due: remind at once; after it is due, the countdown says overdue.
      if (cancelled || clock.now() >= Date.parse(dueAt)) return;
      timer = setTimeout(() => {
        setReminded(dueAt);
        remind(visitId, dueAt);
      }, realDelayUntil(at, clock.now(), clock.timeScale));
    });
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [visitId, at, dueAt, reminded]);
  return reminded === dueAt ? reminded : undefined;
}

/** "Turn on reminders" (a press: browsers ask for notifications only after one). */
export async function allowReminderNotifications(): Promise<NotificationPermission> {
  return 'Notification' in window ? Notification.requestPermission() : 'denied';
}

export const remindersNeedPermission = (): boolean => 'Notification' in window && Notification.permission === 'default';

function remind(visitId: string, dueAt: string): void {
  navigator.vibrate?.([400, 200, 400]);
  beep();
  if (!('Notification' in window) || Notification.permission !== 'granted' || !('serviceWorker' in navigator)) return;
  void navigator.serviceWorker.ready
    .then((registration) =>
      registration.showNotification('Check in soon', {
        body: `Your check-in is due at ${clockTime(dueAt)}. Open the visit and check in.`,
        // One per visit: a newer reminder replaces the last one.
        tag: `check-in-${visitId}`,
        requireInteraction: true,
      }),
    )
    .catch(() => undefined); // the vibration, the sound and the page's own banner still tell them
}

let audio: AudioContext | undefined;

/** Two short tones made with the Web Audio API; silent where the browser has not let the page's audio start. */
function beep(): void {
  try {
    audio ??= new AudioContext();
    void audio.resume().catch(() => undefined);
    for (const [offset, frequency] of [[0, 880], [0.35, 880]] as const) {
      const oscillator = audio.createOscillator();
      const gain = audio.createGain();
      const start = audio.currentTime + offset;
      oscillator.frequency.setValueAtTime(frequency, start);
      gain.gain.setValueAtTime(0.0001, start);
      gain.gain.exponentialRampToValueAtTime(0.3, start + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.25);
      oscillator.connect(gain).connect(audio.destination);
      oscillator.start(start);
      oscillator.stop(start + 0.3);
    }
  } catch {
    // No Web Audio on this browser: the vibration and the banner remain.
  }
}
