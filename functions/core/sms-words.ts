import * as z from 'zod';
import type { ActionName } from './commands';

/**
 * The words a member of staff texts when their phone has a voice signal and no data (issue 25): a
 * short keyword language, the same for every school of a trust, each word one of the actions the
 * staff page offers. Pure: parsing a text never reads who sent it or what the visit is doing.
 *
 * The defaults follow what lone-worker services schools already know do by text (a check-in with
 * the worker's PIN, "arrived", "leaving", a keyword for help, more time by minutes): StaySafe,
 * Peoplesafe and OK Alone each offer these by SMS. A trust may name its own words in its config
 * (`sms.words`); those replace the default for that word only.
 */

/** What a text can ask for. */
export const TEXT_WORDS = ['check-in', 'arrived', 'leaving', 'back-safe', 'help', 'more-time'] as const;
export type TextWordName = (typeof TEXT_WORDS)[number];

/** The action each word takes: exactly the API's, so the rules, events and alerts are the page's. */
export const ACTION_OF = {
  'check-in': 'check-in',
  arrived: 'arrive',
  leaving: 'leave',
  'back-safe': 'return',
  help: 'panic',
  'more-time': 'extend-time',
} as const satisfies Record<TextWordName, ActionName>;

/** A word as staff type it: letters and spaces, matched without regard to case or spacing. */
const Keyword = z.string().regex(/^[A-Za-z]+( [A-Za-z]+)*$/, 'letters, words apart by one space');

/** A trust's words: each the keywords that mean it (the first is the one replies teach). */
export const TextWords = z
  .object(Object.fromEntries(TEXT_WORDS.map((word) => [word, z.array(Keyword).min(1).max(5)])) as Record<TextWordName, z.ZodArray<typeof Keyword>>)
  .strict();
export type TextWords = Record<TextWordName, readonly string[]>;

/** The product's defaults (the citation is the comment at the top of this file). */
export const DEFAULT_TEXT_WORDS: TextWords = {
  'check-in': ['OK'],
  arrived: ['ARRIVED'],
  leaving: ['LEAVING'],
  'back-safe': ['BACK SAFE', 'BACK'],
  help: ['HELP', 'SOS'],
  'more-time': ['MORE'],
};

/** A trust's words over the defaults, word by word. */
export const textWordsOf = (own: Partial<TextWords> | undefined): TextWords => ({ ...DEFAULT_TEXT_WORDS, ...own });

/**
 * A text, read. `code` is whatever followed the word (the member of staff's check-in code, or
 * their duress code); `minutes` is the time asked for by `more-time`, where a number was given
 * before the code. `unknown`: no word of the trust's began the text.
 */
export type ParsedText =
  | { readonly word: Exclude<TextWordName, 'more-time'>; readonly code?: string }
  | { readonly word: 'more-time'; readonly minutes?: number; readonly code?: string }
  | { readonly word: 'unknown' };

/** The most a code may be (as the check-in body takes it). */
const CODE = /^[A-Za-z0-9]{1,32}$/;

const tokensOf = (text: string): string[] =>
  text
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[^A-Z0-9 ]+/g, ' ')
    .split(/\s+/)
    .filter(Boolean);

/**
 * The text as a word, its minutes and its code. The longest keyword that begins the text wins
 * ("BACK SAFE 4821" is back-safe with code 4821, not "BACK" with code "SAFE").
 *
 * @example parseText('ok 4821', DEFAULT_TEXT_WORDS) // { word: 'check-in', code: '4821' }
 * @example parseText('More 20 4821', DEFAULT_TEXT_WORDS) // { word: 'more-time', minutes: 20, code: '4821' }
 */
export function parseText(text: string, words: TextWords): ParsedText {
  const tokens = tokensOf(text);
  const candidates = TEXT_WORDS.flatMap((word) => words[word].map((keyword) => ({ word, keyword: tokensOf(keyword) })))
    .filter(({ keyword }) => keyword.length > 0 && keyword.every((part, index) => tokens[index] === part))
    .sort((a, b) => b.keyword.length - a.keyword.length);
  const match = candidates[0];
  if (!match) return { word: 'unknown' };
  const rest = tokens.slice(match.keyword.length);
  if (match.word === 'more-time') {
    // "MORE 30 4821": minutes, then the code; "MORE 4821": the code alone (the minutes are the policy's).
    const minutes = rest.length >= 2 && /^\d{1,3}$/.test(rest[0]!) ? Number(rest.shift()) : undefined;
    const code = codeOf(rest);
    return { word: 'more-time', ...(minutes !== undefined ? { minutes } : {}), ...(code ? { code } : {}) };
  }
  const code = codeOf(rest);
  return { word: match.word, ...(code ? { code } : {}) };
}

/** The code: the one token after the word; anything else is no code (so a sentence is never taken for one). */
function codeOf(rest: readonly string[]): string | undefined {
  return rest.length === 1 && CODE.test(rest[0]!) ? rest[0] : undefined;
}

/** How a text teaches the words: "OK <code>, ARRIVED <code>, …, HELP". */
export function wordsHelp(words: TextWords): string {
  return `Text ${words['check-in'][0]} <code>, ${words.arrived[0]} <code>, ${words.leaving[0]} <code>, ${words['back-safe'][0]} <code>, ${words['more-time'][0]} <minutes> <code>, or ${words.help[0]} to call for help.`;
}
