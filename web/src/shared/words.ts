/** Words more than one page says: the core's narrator says them (functions/core/narrate-words.ts), for every page and the report. */
export { ALERT_WORDS, capitalised } from '../../../functions/core/narrate-words';
