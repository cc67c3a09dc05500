import { describe, expect, it } from 'vitest';
import { ACTION_NAMES, ActionInput } from '../../functions/core/commands';

/** What a person asks is parsed at the edge by one schema (commands.ts ActionInput), for the API and any other way in. */
describe('the schema of what a person asks', () => {
  it('lists every action once', () => {
    const listed = ActionInput.options.map((option) => option.shape.name.value);
    expect([...listed].sort()).toEqual([...ACTION_NAMES].sort());
  });

  it('parses a body by its action\'s own schema, defaults included', () => {
    const entry = { peoplePresent: [{ name: 'Pat Parent', relationship: 'parent' }], invitedIn: true, animals: 'none' };
    expect(ActionInput.parse({ name: 'enter', body: entry })).toEqual({ name: 'enter', body: { ...entry, unsafeIndicators: [] } });
    // The same body under another action's name is that action's to judge.
    expect(ActionInput.safeParse({ name: 'depart', body: entry }).success).toBe(false);
  });
});
