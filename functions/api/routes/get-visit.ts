import { boardSummary } from '../../core/board';
import { loadVisit } from '../../core/handle-command';
import type { Policy } from '../../core/policy';
import { responderView } from '../../core/responder';
import { riskPreview } from '../../core/risk';
import { readsAsStaff, staffRead, withoutStaffContacts } from '../../core/staff-view';
import { ANY_CALLER, isResponder, requireVisitReader } from '../access';
import type { ApiRuntime } from '../deps';
import { apiHandler } from '../handler';
import { json, NotFoundError } from '../http';
import { callerOf } from '../middleware';
import { visitIdOf } from '../request';

/** The policy as the pages draw their forms from it: its rules, without the clauses they cite (those are for the people who sign the file off). */
const withoutCitations = ({ citations: _citations, ...rules }: Policy): Policy => rules;

/**
 * GET /visits/{id}: the visit's current state, folded from its events, with its board line and the
 * policy it runs under; and, for whoever answers its alerts, the responder view (core/responder.ts).
 */
export const getVisitRoute = (runtime: Pick<ApiRuntime, 'store' | 'policies' | 'logger'>) =>
  apiHandler(runtime.logger, 'GET /visits/{id}', ANY_CALLER, async (event, context) => {
    const actor = callerOf(context);
    const visitId = visitIdOf(event);
    const { events, state } = await loadVisit(runtime.store, visitId);
    if (state.status === 'none') throw new NotFoundError('visit-not-found', 'no such visit');
    requireVisitReader(state, actor);
    const policy = runtime.policies.version(state.policy.schoolId, state.policy.version);
    // Whoever is on the visit reads it on the phone someone may be holding: a duress alert is not theirs
    // to see, whatever group they act in (a DSL may make the visit herself), nor anything that follows
    // from one (the workflow's wait for it before closing): they read what a twin without it would show.
    const read = readsAsStaff(state, actor) ? staffRead(events, policy) : { state, updatedAt: events.at(-1)?.meta.recordedAt };
    if (read.state.status === 'none') throw new NotFoundError('visit-not-found', 'no such visit');
    const shown = withoutStaffContacts(read.state);
    const updatedAt = read.updatedAt;
    return json(200, {
      visitId,
      version: shown.version,
      status: shown.status,
      ...(policy ? { summary: boardSummary(shown, policy, updatedAt) } : {}),
      ...(policy && isResponder(state, actor) ? { responder: responderView(state, policy) } : {}),
      ...(policy && state.status === 'requested' && !readsAsStaff(state, actor)
        ? { riskPreview: riskPreview({ factors: state.details.riskFactors, staffCount: state.details.staff.length }, policy) }
        : {}),
      visit: shown,
      // The policy is the school's, not personal data: the same for every reader of the visit.
      policy: policy ? withoutCitations(policy) : null,
    });
  });
