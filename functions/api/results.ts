import type { APIGatewayProxyResult } from 'aws-lambda';
import type { HelpKeptApart, HelpRefused } from '../app/help-on-damage';
import type { ActResult } from '../app/visit-service';
import type { StoredVisitEvent } from '../core/events';
import type { VisitState } from '../core/visit-state';
import { json } from './http';
import type { ActionResult, HelpKeptApartResult, LateSignal } from './schemas';
import type { z } from 'zod';

/** How the visit service's answer to a command becomes the HTTP answer. Never includes a task token. */

/** Facts recorded for responders that the caller's reply never shows. */
const COVERT_EVENTS = new Set(['DuressRaised']);

export function actionResult(visitId: string, state: VisitState, events: readonly Pick<StoredVisitEvent, 'type'>[]): z.infer<typeof ActionResult> {
  return {
    visitId,
    version: state.version,
    // After an accepted command the visit exists; 'none' cannot be answered here.
    status: state.status === 'none' ? 'requested' : state.status,
    // A duress check-in must read exactly like any other to whoever holds the phone.
    events: events.filter((event) => !COVERT_EVENTS.has(event.type)).map((event) => event.type),
  };
}

export function commandResponse(visitId: string, result: ActResult | HelpRefused, options: { created?: boolean } = {}): APIGatewayProxyResult {
  if (!result.ok) {
    const status = { forbidden: 403, 'not-found': 404, unprocessable: 422, conflict: 409 }[result.kind];
    return json(status, { error: result.kind, rule: result.rule, message: result.message });
  }
  const body = actionResult(visitId, result.state, result.events);
  // A retry is answered 200 even when its signal finds no wait: the first attempt most likely woke it.
  if (result.signal === 'not-waiting' && !result.duplicate) {
    const late: z.infer<typeof LateSignal> = {
      error: 'conflict',
      rule: 'wait-already-ended',
      recorded: true,
      message: 'recorded, but the stage waiting for it had already ended (its deadline passed or the visit moved on)',
      ...body,
    };
    return json(409, late);
  }
  return json(options.created && !result.duplicate ? 201 : 200, body);
}

/**
 * 202 for a panic on a damaged record: the office was alerted and the call for help kept, apart from
 * the visit's record (which cannot take it until it is repaired). The words are for the person who
 * pressed it: they must know the office has it, and no more than that.
 */
export function helpKeptApartResponse(result: HelpKeptApart): APIGatewayProxyResult {
  const body: z.infer<typeof HelpKeptApartResult> = {
    visitId: result.visitId,
    officeAlerted: true,
    keptIn: result.streamId,
    version: result.version,
    recordUnreadableFrom: result.damagedFrom,
    message: 'The office was alerted to your call for help. This visit\'s record cannot be read just now, so your call was kept in a record of its own.',
  };
  return json(202, body);
}
