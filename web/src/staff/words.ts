import { accepts } from '../../../functions/core/stages';
import type { VisitStatus } from '../../../functions/core/visit-state';
import type { components } from '../shared/api-schema';

/**
 * The staff page's words: the API's stages, deadlines and choices as a person on a doorstep reads
 * them. Words only; what is allowed is the server's to decide (a refusal is shown in its words).
 */

/** functions/core/stages.ts: where the visit is, as the API's board line says it (the schema's own type: this file is also read by the unit tests, without the DOM). */
export type Stage = components['schemas']['BoardSummary']['stage'];

export const STAGE_WORDS: Record<Stage, string> = {
  'awaiting-authorisation': 'Waiting to be authorised',
  'risk-assessment': 'Risk assessment under way',
  'awaiting-departure': 'Ready to set off',
  travelling: 'On your way',
  'at-the-door': 'At the door',
  'in-home': 'In the home',
  'returning-safely': 'On your way back',
  'awaiting-acknowledgement': 'Waiting for the office',
  closing: 'Closing the visit',
  reporting: 'Filing the report',
  'awaiting-follow-up': 'Report filed',
  finished: 'Finished',
};

export const stageWords = (stage: string | undefined): string => STAGE_WORDS[stage as Stage] ?? 'Loading';

/**
 * The order the page offers the staff's actions in, the journey's steps first. Which of them a visit
 * offers is the stage table's (functions/core/stages.ts, the gate decide asks): the page offers
 * those, and the server still decides.
 */
const STAFF_ORDER: readonly StaffAction[] = ['depart', 'arrive', 'enter', 'family-at-door', 'check-in', 'extend-time', 'leave', 'return', 'report-late', 'cancel', 'raise-concern'];

/** What the staff on a visit in this status may do, as the page offers it. */
export const staffActions = (status: VisitStatus): StaffAction[] => STAFF_ORDER.filter((action) => accepts(status, action));

export type StaffAction =
  | 'depart'
  | 'arrive'
  | 'family-at-door'
  | 'enter'
  | 'check-in'
  | 'leave'
  | 'return'
  | 'report-late'
  | 'extend-time'
  | 'cancel'
  | 'raise-concern'
  /** Not a stage's: offered while the member of staff's own call for help is open. */
  | 'cancel-alarm';

/** Each action's button: the words on it, in the first person. */
export const ACTION_WORDS: Record<StaffAction, string> = {
  depart: 'I am setting off now',
  arrive: 'I have arrived',
  'family-at-door': 'The family came to the door',
  enter: 'Going in',
  'check-in': 'Check in',
  leave: 'I am leaving the home',
  return: 'I am back safely',
  'report-late': 'The family are running late',
  'extend-time': 'I need more time',
  cancel: 'Cancel the visit',
  'raise-concern': 'Raise a safeguarding concern',
  'cancel-alarm': 'Call off my call for help',
};

/** What the countdown counts down to. */
export const DEADLINE_WORDS: Record<string, string> = {
  'check-in': 'Next check-in due in',
  'check-in-reminder': 'Check-in reminder in',
  'parent-arrival': 'Waiting for the family: the visit is called off in',
  'safe-return': 'Tell the office you are back within',
  'expected-return': 'Expected back in',
  'follow-up': 'Follow-up due in',
  escalation: 'Check in now. The alert goes further in',
};

export const RELATIONSHIPS = [
  ['parent', 'Parent'],
  ['carer', 'Carer'],
  ['responsible-adult', 'Another responsible adult'],
  ['pupil', 'The pupil'],
  ['sibling', 'Brother or sister'],
  ['other-adult', 'Another adult'],
  ['other-child', 'Another child'],
] as const;

export type Relationship = (typeof RELATIONSHIPS)[number][0];

/** The reasons a member of staff may give for cancelling (the API's; the workflow records the others itself). */
export const CANCEL_REASONS = [
  ['family-declined', 'The family declined the visit'],
  ['no-adult-present', 'No responsible adult is at home'],
  ['parent-too-late', 'The family are too late'],
  ['animals-not-secured', 'Animals could not be kept in another room'],
  ['unsafe', 'It is not safe'],
  ['staff-unavailable', 'Staff are not available'],
  ['other', 'Another reason'],
] as const;

export type CancelReason = (typeof CANCEL_REASONS)[number][0];
