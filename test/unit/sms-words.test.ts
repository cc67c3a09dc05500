import { describe, expect, it } from 'vitest';
import { DEFAULT_TEXT_WORDS, parseText, TextWords, textWordsOf, wordsHelp } from '../../functions/core/sms-words';

/** The keyword language of texts (issue 25): pure, so every reading is one line. */
describe('reading a text', () => {
  const read = (text: string) => parseText(text, DEFAULT_TEXT_WORDS);

  it.each([
    ['OK 4821', { word: 'check-in', code: '4821' }],
    ['  ok   4821. ', { word: 'check-in', code: '4821' }],
    ['Arrived 4821', { word: 'arrived', code: '4821' }],
    ['LEAVING 4821', { word: 'leaving', code: '4821' }],
    ['back safe 4821', { word: 'back-safe', code: '4821' }],
    ['BACK 4821', { word: 'back-safe', code: '4821' }],
    ['MORE 30 4821', { word: 'more-time', minutes: 30, code: '4821' }],
    ['more 4821', { word: 'more-time', code: '4821' }],
    ['HELP', { word: 'help' }],
    ['sos please come', { word: 'help' }],
    ['ARRIVED', { word: 'arrived' }],
  ])('%j reads as %j', (text, expected) => {
    expect(read(text)).toEqual(expected);
  });

  it('takes no code from a sentence, and no word from a text that does not begin with one', () => {
    expect(read('OK I am fine thanks')).toEqual({ word: 'check-in' });
    expect(read('I am OK 4821')).toEqual({ word: 'unknown' });
    expect(read('OKAY 4821')).toEqual({ word: 'unknown' });
    expect(read('')).toEqual({ word: 'unknown' });
  });

  it('reads the longest word first: BACK SAFE 4821 is the code 4821, not BACK with the code SAFE', () => {
    expect(read('BACK SAFE 4821')).toEqual({ word: 'back-safe', code: '4821' });
  });

  it("takes a trust's own words for a word in place of the default, and keeps the defaults of the rest", () => {
    const words = textWordsOf(TextWords.partial().parse({ help: ['ALARM'] }));
    expect(parseText('ALARM', words)).toEqual({ word: 'help' });
    expect(parseText('HELP', words)).toEqual({ word: 'unknown' });
    expect(parseText('OK 1', words)).toEqual({ word: 'check-in', code: '1' });
    expect(wordsHelp(words)).toContain('or ALARM to call for help');
  });

  it('refuses a trust word that is not letters', () => {
    expect(TextWords.partial().safeParse({ help: ['HELP!'] }).success).toBe(false);
  });
});
