import { loadVisit } from '../../core/handle-command';
import { isAssignedStaff, type VisitStatus } from '../../core/visit-state';
import { PUBLIC } from '../access';
import type { ApiRuntime } from '../deps';
import { apiHandler } from '../handler';
import { ForbiddenError, json, NotFoundError } from '../http';
import { headerValue } from '../identity';
import { callerOf } from '../middleware';
import { parseOr400, visitIdOf } from '../request';
import { issuePass, passHolder } from '../visit-pass';
import { PassAction } from '../schemas';
import { recordAction } from './act';

const OVER: ReadonlySet<VisitStatus> = new Set(['returned', 'ended', 'closed', 'filed']);

/** Whose pass: staff (or someone acting as staff) assigned to the visit. */
const PASS_HOLDERS = { roles: ['staff'], rule: 'visit-pass-for-staff', message: 'a visit pass is issued to the staff on the visit' } as const;

/**
 * POST /me/visits/{id}/pass: a visit pass for the signed-in member of staff (visit-pass.ts says what
 * it is). Asked for by the staff page whenever it shows a visit of theirs that has not finished, so a
 * phone holds a fresh one before it goes where there is no signal.
 */
export const issuePassRoute = (runtime: Pick<ApiRuntime, 'store' | 'clock' | 'passKey' | 'logger'>) =>
  apiHandler(runtime.logger, 'POST /me/visits/{id}/pass', PASS_HOLDERS, async (event, context) => {
    const actor = callerOf(context);
    const visitId = visitIdOf(event);
    const { state } = await loadVisit(runtime.store, visitId);
    if (state.status === 'none') throw new NotFoundError('visit-not-found', 'no such visit');
    if (!isAssignedStaff(state, actor)) throw new ForbiddenError('assigned-staff-only', 'a visit pass is issued only to the staff assigned to the visit');
    // Over once the staff are back (or never went): the same for every visit, so a duress alert still open shows nothing here.
    if (OVER.has(state.status)) throw new ForbiddenError('visit-over', 'the staff are back or the visit ended: it needs no pass');
    return json(200, await issuePass(runtime.passKey, actor, state, runtime.clock.now()));
  });

/**
 * POST /pass/visits/{id}/{action}: panic, check-in or return with a visit pass in place of a sign-in.
 * No authorizer stands in front of it (API Gateway cannot verify the pass); the pass is verified
 * here, before anything is read, and the action then goes exactly the way a signed-in press goes.
 */
export const passActRoute = (runtime: Pick<ApiRuntime, 'service' | 'newCommandId' | 'logger' | 'clock' | 'passKey'>) =>
  apiHandler(runtime.logger, 'POST /pass/visits/{id}/{action}', PUBLIC, async (event) => {
    const action = parseOr400(PassAction, event.pathParameters?.action, 'action');
    const visitId = visitIdOf(event);
    const actor = await passHolder(runtime.passKey, headerValue(event, 'authorization'), visitId, action, runtime.clock.now());
    return recordAction(runtime, event, actor, action, 'POST /pass/visits/{id}/{action}');
  });
