import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPLIES } from '../../functions/app/text-gateway';
import { DEMO_USERS } from '../../local/auth';
import { eventually } from '../support/eventually';
import { startHttpHarness, type HttpHarness } from '../support/http-harness';
import { uniqueId } from '../support/ids';

/**
 * `npm start`'s text gateway over real HTTP (issue 25): `POST /local/sms` takes the JSON AWS End
 * User Messaging publishes for an inbound text, and `GET /local/sms` is the outbox of texts sent.
 */
const ALICE_MOBILE = DEMO_USERS.find((user) => user.userId === 'staff-alice')!.mobile!;

let h: HttpHarness;
beforeAll(async () => {
  h = await startHttpHarness(60);
});
afterAll(() => h.close());

const postText = (body: unknown) =>
  fetch(`${h.local.url}/local/sms`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('the local text gateway', () => {
  it('takes HELP as AWS delivers it: the office hears a panic, and the reply is in the outbox', async () => {
    const { visitId } = await h.start('hunsbury-park');
    const alice = await h.as('staff-alice');
    await (await h.as('head-hana')).post(`/visits/${visitId}/authorise`, {});
    await alice.waitForStatus(visitId, ['ready']);
    expect((await alice.post(`/visits/${visitId}/depart`, {})).status).toBe(200);
    const inboundMessageId = uniqueId('sms');

    const response = await postText({ originationNumber: ALICE_MOBILE, destinationNumber: '+447700900000', messageKeyword: 'KEYWORD_123456789012', messageBody: 'HELP', inboundMessageId, previousPublishedMessageId: 'none' });

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ outcome: 'recorded', reply: REPLIES.helpSent });
    await eventually('the panic alert', () => h.alerts.published.find((message) => message.visitId === visitId && message.kind === 'panic'));
    const outbox = (await (await fetch(`${h.local.url}/local/sms`)).json()) as { sent: { messageId: string; to: string; body: string }[] };
    expect(outbox.sent).toContainEqual(expect.objectContaining({ messageId: `reply:${inboundMessageId}`, to: ALICE_MOBILE, body: REPLIES.helpSent }));
  });

  it('answers 400 to a body that is not an inbound text, and records nothing', async () => {
    const response = await postText({ from: ALICE_MOBILE, text: 'HELP' });
    expect(response.status).toBe(400);
    expect(h.local.runtime.texts.outbox.sent.filter((text) => text.body === REPLIES.helpSent)).toHaveLength(1);
  });
});
