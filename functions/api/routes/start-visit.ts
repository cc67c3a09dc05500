import { ActionBodies } from '../../core/commands';
import { loadVisit } from '../../core/handle-command';
import { canonicalJson } from '../../core/hash-chain';
import type { StoredVisitEvent } from '../../core/events';
import { WRITERS } from '../access';
import type { ApiRuntime } from '../deps';
import { apiHandler } from '../handler';
import { ConflictError, InvalidRequestError, json } from '../http';
import { callerOf } from '../middleware';
import { claimedAtOf, commandIdOf, jsonBody, parseOr400 } from '../request';
import { actionResult, commandResponse } from '../results';

/**
 * POST /visits: request a visit. Idempotent on the client's visitId: the command id defaults to one
 * derived from it, and the same request again (under any key) is answered as the first time, 200,
 * with nothing written. A different request under an existing visitId is a 409.
 */
export const startVisitRoute = (runtime: Pick<ApiRuntime, 'service' | 'store' | 'logger'>) =>
  apiHandler(runtime.logger, 'POST /visits', WRITERS, async (event, context) => {
    const actor = callerOf(context);
    const body = parseOr400(ActionBodies.request, jsonBody(event));
    const commandId = commandIdOf(event, actor, () => `request-${body.visitId}`);
    const claimedAt = claimedAtOf(event);
    const result = await runtime.service.request({ asked: { name: 'request', body }, actor, commandId, ...(claimedAt ? { claimedAt } : {}) });

    if (!result.ok && result.kind === 'not-found') {
      throw new InvalidRequestError([{ path: 'details.schoolId', message: 'no school with this id in this trust' }]);
    }
    const sameRequest = (events: readonly StoredVisitEvent[]) => {
      const first = events[0];
      return first?.type === 'VisitRequested' && canonicalJson(first.data.details) === canonicalJson(body.details);
    };
    const alreadyExists = () => new ConflictError('visit-already-exists', `visit ${body.visitId} has already been requested with other details`);

    if (result.ok && result.duplicate && !sameRequest(result.events)) throw alreadyExists();
    if (!result.ok && result.rule === 'visit-already-exists') {
      // The same request retried under another command id (a new Idempotency-Key): answer as before.
      const { events, state } = await loadVisit(runtime.store, body.visitId);
      if (!sameRequest(events)) throw alreadyExists();
      return json(200, actionResult(body.visitId, state, events.slice(0, 1)));
    }
    return commandResponse(body.visitId, result, { created: true });
  });
