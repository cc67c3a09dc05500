import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storedEvents } from '../../bin/visit-cli';
import { actorFrom } from '../../functions/api/identity';
import { verifyChain } from '../../functions/core/hash-chain';
import { createLocalAuth, generateStoredKey, type LocalAuth } from '../../local/auth';
import { HEAD } from '../support/actors';
import { apiEvent, claimsFor } from '../support/api-events';
import { driveVisit, startApiHarness, type ApiHarness } from '../support/api-harness';

/**
 * The record names people, not user ids (issue 11 §12): the caller's name comes from the identity
 * token's `name` claim (Cognito's standard attribute; the local runtime's demo users carry one) and
 * is recorded with what they do.
 */

let h: ApiHarness;
let auth: LocalAuth;
beforeAll(async () => {
  h = await startApiHarness();
  auth = await createLocalAuth({ key: await generateStoredKey() });
});
afterAll(async () => {
  await h.stop();
});

describe('the caller\'s name', () => {
  it('is read from the token\'s name claim, tidied, and left out when there is none', () => {
    const event = (claims: Record<string, string>) => apiEvent({ method: 'GET', path: '/visits', claims });
    expect(actorFrom(event({ ...claimsFor(HEAD), name: 'Hana Head' }))).toEqual({ ...HEAD, name: 'Hana Head' });
    expect(actorFrom(event({ ...claimsFor(HEAD), name: '  Hana \n Head ' }))).toEqual({ ...HEAD, name: 'Hana Head' });
    expect(actorFrom(event({ ...claimsFor(HEAD), name: '   ' }))).toEqual(HEAD);
    expect(actorFrom(event(claimsFor(HEAD)))).toEqual(HEAD);
    expect(actorFrom(event({ ...claimsFor(HEAD), name: 'x'.repeat(500) })).name).toHaveLength(200);
  });

  it('is recorded with the event: a local demo user\'s authorisation names them in the history', async () => {
    const visitId = await driveVisit(h, 'requested');
    await h.arm(visitId);
    const token = await auth.tokenFor('head-hana');

    const reply = await h.api.route(
      await auth.authorize(apiEvent({ method: 'POST', path: `/visits/${visitId}/authorise`, body: {}, claims: null, headers: { Authorization: `Bearer ${token}` } })),
    );
    expect(reply.statusCode).toBe(200);

    const visit = await h.visit(visitId);
    expect(visit.authorised?.by).toEqual({ userId: 'head-hana', role: 'headteacher', name: 'Hana Head' });
    const history = await h.call(HEAD, 'GET', `/visits/${visitId}/history`);
    expect(history.body.events.at(-1)).toMatchObject({ type: 'VisitAuthorised', actor: 'head-hana', actorName: 'Hana Head' });
    expect(history.body.integrity).toMatchObject({ ok: true });
    // The name is part of the hashed meta: an auditor's own check of the chain (the CLI's) still verifies.
    expect(verifyChain(storedEvents(visitId, history.body.events))).toMatchObject({ ok: true });
  });
});
