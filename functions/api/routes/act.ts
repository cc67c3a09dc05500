import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { Actor } from '../../core/actor';
import type { ActionName } from '../../core/commands';
import { WRITERS } from '../access';
import type { ApiRuntime } from '../deps';
import { apiHandler } from '../handler';
import { callerOf } from '../middleware';
import { actionOr400, claimedAtOf, commandIdOf, jsonBody, parseOr400, visitIdOf } from '../request';
import { commandResponse, helpKeptApartResponse } from '../results';
import { VisitAction } from '../schemas';

/**
 * POST /visits/{id}/{action}: record what someone did, then wake the waiting stage. The core decides
 * who may do what; its refusals come back as 403 (who) or 409 (state or policy).
 *
 * Panic goes through here like any action: the visit service publishes its alert as soon as the
 * fact is recorded, before the workflow hears of it. On a visit whose record no longer parses, a
 * panic is kept in the visit's help stream and the office alerted: 202, never 409.
 */
export const actRoute = (runtime: Pick<ApiRuntime, 'service' | 'newCommandId' | 'logger'>) =>
  apiHandler(runtime.logger, 'POST /visits/{id}/{action}', WRITERS, async (event, context) => {
    const action = parseOr400(VisitAction, event.pathParameters?.action, 'action');
    return recordAction(runtime, event, callerOf(context), action, 'POST /visits/{id}/{action}');
  });

/** The action as `actor` did it: the body parsed with the action's schema, keyed and timed as the client asked. */
export async function recordAction(
  runtime: Pick<ApiRuntime, 'service' | 'newCommandId' | 'logger'>,
  event: APIGatewayProxyEvent,
  actor: Actor,
  action: Exclude<ActionName, 'request'>,
  route: string,
): Promise<APIGatewayProxyResult> {
  const visitId = visitIdOf(event);
  const asked = actionOr400(action, jsonBody(event));
  const commandId = commandIdOf(event, actor, runtime.newCommandId);
  const claimedAt = claimedAtOf(event);
  // A duress code on a check-in is recognised by the service, which records it as a duress
  // check-in; the caller is answered exactly as for an ordinary one.
  const result = await runtime.service.act(visitId, { asked, actor, commandId, ...(claimedAt ? { claimedAt } : {}) });
  if (result.ok && 'keptApart' in result) {
    // Still logged as the damaged record it is: someone must repair it.
    runtime.logger({ level: 'error', message: 'panic on a damaged record kept apart, office alerted', route, error: 'RecordUnreadableError', streamId: visitId, version: result.damagedFrom, reason: result.damageReason });
    return helpKeptApartResponse(result);
  }
  return commandResponse(visitId, result);
}
