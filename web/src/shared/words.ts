/** Words more than one page says. */

/** Each kind of alert: the core's narrator says it (functions/core/narrate-words.ts), for every page. */
export { ALERT_WORDS } from '../../../functions/core/narrate-words';

/** "check-in overdue" → "Check-in overdue": words that start a line. */
export const capitalised = (words: string): string => words.charAt(0).toUpperCase() + words.slice(1);
