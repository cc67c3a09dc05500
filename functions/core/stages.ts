import type { ActionName } from './commands';
import type { VisitStatus } from './visit-state';

/**
 * The workflow's waiting stages and the people's actions that each one wakes for. The API appends
 * the action's events first, then signals the stage's waiting task; an action a stage does not
 * list is recorded without waking the workflow (a concern raised mid-visit, say).
 */
export const STAGES = {
  'awaiting-authorisation': { status: 'requested', accepts: ['authorise', 'decline', 'cancel'] },
  'awaiting-departure': { status: 'ready', accepts: ['depart', 'cancel', 'report-late'] },
  travelling: { status: 'travelling', accepts: ['arrive', 'report-late', 'check-in', 'cancel', 'acknowledge'] },
  'at-the-door': { status: 'at-door', accepts: ['enter', 'leave', 'report-late', 'check-in', 'cancel', 'acknowledge'] },
  'in-home': { status: 'in-home', accepts: ['leave', 'check-in', 'cancel', 'acknowledge'] },
  'returning-safely': { status: 'returning', accepts: ['return', 'check-in', 'acknowledge'] },
  'awaiting-acknowledgement': { status: 'returned', accepts: ['acknowledge'] },
} as const satisfies Record<string, { status: VisitStatus; accepts: readonly ActionName[] }>;

export type StageName = keyof typeof STAGES;
export const STAGE_NAMES = Object.keys(STAGES) as StageName[];
