import type { AlertKind } from '../../../functions/core/events';

/** Words more than one page says. */

/** The identity groups, where the policy has no school title at hand (who did something). */

export const GROUP_WORDS: Record<string, string> = {
  staff: 'staff',
  office: 'office',
  dsl: 'safeguarding lead',
  slt: 'senior leader',
  headteacher: 'headteacher',
  auditor: 'auditor',
  admin: 'administrator',
  system: 'the workflow',
};

/** Each kind of alert (functions/core/events.ts AlertKind), as the words after "Alert:"; panic and duress shouted. */
export const ALERT_WORDS: Record<AlertKind, string> = {
  'check-in-overdue': 'check-in overdue',
  'safe-return-overdue': 'safe return overdue',
  'return-overdue': 'not back when expected',
  'safeguarding-concern': 'safeguarding concern',
  panic: 'PANIC',
  duress: 'DURESS',
};

/** "check-in overdue" → "Check-in overdue": words that start a line. */
export const capitalised = (words: string): string => words.charAt(0).toUpperCase() + words.slice(1);
