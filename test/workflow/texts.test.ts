import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundText } from '../../functions/app/text-ports';
import { BAD_CODES_BEFORE_LOCK, REPLIES } from '../../functions/app/text-gateway';
import { DEMO_CHECK_IN_CODE, DEMO_DURESS_CODE, DEMO_USERS } from '../../local/auth';
import { HEAD } from '../support/actors';
import { TextOutbox } from '../../functions/adapters/text-outbox';
import { TextReminders } from '../../functions/app/text-reminders';
import { DEFAULT_TEXT_WORDS } from '../../functions/core/sms-words';
import { createReminderRelay } from '../../functions/sms/reminder-relay';
import { eventually } from '../support/eventually';
import { uniqueId } from '../support/ids';
import { startWorkflowHarness, type WorkflowHarness } from '../support/workflow-harness';
import requestFixture from '../fixtures/visit-request.json';
import { policyOf } from '../support/scenario';
import { policyVariant } from '../support/policy-variant';

/**
 * Issue 25: a member of staff with a voice signal and no data runs their visit by text. Each text
 * goes in as AWS End User Messaging delivers it, through the gateway, into the same service as the
 * phone page, on the local engine with the real definition (60×: the 20-minute wait for the family
 * takes 20 s, time enough for the texts that answer it).
 */

const SCHOOL = 'hunsbury-park';
/** Hunsbury Park with a check-in every 15 minutes and the reminder 10 minutes before (Oakfield's), so a reminder falls due 5 minutes in. */
const REMINDED = policyVariant(policyOf(SCHOOL), { schoolId: 'texts-reminded', checkIns: { ...policyOf(SCHOOL).checkIns, intervalMinutes: 15, reminderMinutesBefore: 10 } });
const ALICE_MOBILE = DEMO_USERS.find((user) => user.userId === 'staff-alice')!.mobile!;
const TRUST_NUMBER = '+447700900999';

let h: WorkflowHarness;
beforeAll(async () => {
  h = await startWorkflowHarness(60, { extraPolicies: [REMINDED] });
}, 120_000);
afterAll(() => h.close());

const inbound = (messageBody: string, options: { from?: string; id?: string } = {}): InboundText => ({
  originationNumber: options.from ?? ALICE_MOBILE,
  destinationNumber: TRUST_NUMBER,
  messageBody,
  inboundMessageId: options.id ?? uniqueId('sms'),
});

/** Send a text; returns what became of it and the reply it got. */
async function text(messageBody: string, options: { from?: string; id?: string } = {}) {
  const message = inbound(messageBody, options);
  const outcome = await h.runtime.texts.gateway.receive(message);
  const reply = h.runtime.texts.outbox.sent.find((sent) => sent.messageId === `reply:${message.inboundMessageId}`);
  return { outcome, reply: reply?.body, to: reply?.to, from: reply?.from };
}

/** A visit authorised and set off on from the phone page: from here on, texts alone. */
async function setOff(schoolId = SCHOOL): Promise<string> {
  const id = await h.request(schoolId);
  await h.stage(id, 'awaiting-authorisation');
  await h.act(id, 'authorise', {}, HEAD);
  await h.stage(id, 'awaiting-departure');
  await h.act(id, 'depart', {});
  await h.stage(id, 'travelling');
  return id;
}

const streamLength = async (visitId: string) => (await h.types(visitId)).length;
const PRIVATE = [requestFixture.pupil.name, requestFixture.address, 'Example Road'];
const carriesNothingPrivate = (body: string | undefined) => PRIVATE.every((secret) => !body?.includes(secret));

describe('a visit by text', () => {
  it('runs from the journey out to the safe return on texts alone: the same events, by Alice, and the workflow ends', async () => {
    const id = await setOff();

    const arrived = await text(`Arrived ${DEMO_CHECK_IN_CODE}`);
    await h.stage(id, 'at-the-door');
    const checkedIn = await text(`ok ${DEMO_CHECK_IN_CODE}`);
    const leaving = await text(`LEAVING ${DEMO_CHECK_IN_CODE}`);
    await h.stage(id, 'returning-safely');
    const back = await text(`back safe ${DEMO_CHECK_IN_CODE}`);

    expect([arrived, checkedIn, leaving, back].map((sent) => sent.outcome)).toEqual(['recorded', 'recorded', 'recorded', 'recorded']);
    expect(await h.finished(id)).toBe('SUCCEEDED');
    const types = await h.types(id);
    expect(types).toEqual(expect.arrayContaining(['Arrived', 'CheckedIn', 'LeftHome', 'ReturnedSafely', 'VisitClosed']));
    const visit = await h.visit(id);
    expect([visit.arrived?.by.userId, visit.left?.by.userId, visit.returned?.by.userId]).toEqual(['staff-alice', 'staff-alice', 'staff-alice']);
    // Each text is answered, to the sender, from the number they texted, in words that carry neither the pupil nor the address.
    expect(arrived).toMatchObject({ reply: 'Recorded: you have arrived.', to: ALICE_MOBILE, from: TRUST_NUMBER });
    expect(back.reply).toBe('Recorded: you are back safely.');
    expect([arrived, checkedIn, leaving, back].every((sent) => carriesNothingPrivate(sent.reply))).toBe(true);
  });

  it('asks for more time within the policy: MORE 20 moves the running check-in by 20 minutes', async () => {
    const id = await setOff();
    await text(`arrived ${DEMO_CHECK_IN_CODE}`);
    await h.stage(id, 'at-the-door');
    const more = await text(`MORE 20 ${DEMO_CHECK_IN_CODE}`);
    expect(more.outcome).toBe('recorded');
    expect((await h.visit(id)).moreTime?.map((taken) => [taken.minutes, taken.reason])).toEqual([[20, 'asked for by text']]);
  });
});

describe('a call for help by text', () => {
  it('HELP from the registered number, no code, reaches the office as a panic, as from the phone page', async () => {
    const id = await setOff();
    const before = await streamLength(id);

    const help = await text('HELP');

    expect(help).toMatchObject({ outcome: 'recorded', reply: REPLIES.helpSent });
    expect((await h.types(id)).slice(before)).toEqual(['PanicRaised']);
    const alert = await h.alert(id, (message) => message.kind === 'panic');
    expect(alert).toMatchObject({ severity: 'critical', schoolId: SCHOOL });
    expect((await h.runtime.deps.store.read(id)).at(-1)?.meta.actor).toMatchObject({ userId: 'staff-alice', role: 'staff' });
  });
});

describe('the duress code by text', () => {
  it('is answered exactly as the ordinary code is, and raises the silent duress alert', async () => {
    const ordinary = await setOff();
    const ordinaryReply = await text(`OK ${DEMO_CHECK_IN_CODE}`);
    const underDuress = await setOff();
    const duressReply = await text(`OK ${DEMO_DURESS_CODE}`);

    expect(duressReply.reply).toBe(ordinaryReply.reply);
    expect(duressReply.outcome).toBe(ordinaryReply.outcome);
    await h.alert(underDuress, (message) => message.kind === 'duress');
    expect(h.alertsOf(ordinary).some((message) => message.kind === 'duress')).toBe(false);
  });

  it('with another word records that word, answered as ever, and the silent alert rides on a check-in made with it', async () => {
    const id = await setOff();
    const arrived = await text(`ARRIVED ${DEMO_DURESS_CODE}`);
    expect(arrived).toMatchObject({ outcome: 'recorded', reply: 'Recorded: you have arrived.' });
    expect(await h.types(id)).toEqual(expect.arrayContaining(['CheckedIn', 'Arrived']));
    await h.alert(id, (message) => message.kind === 'duress');
  });
});

describe('who may text', () => {
  it('an unknown number records nothing and is told nothing about any visit', async () => {
    const id = await setOff();
    const before = await streamLength(id);

    const stranger = await text(`OK ${DEMO_CHECK_IN_CODE}`, { from: '+447700900555' });
    const strangerHelp = await text('HELP', { from: '+447700900555' });

    expect([stranger.outcome, strangerHelp.outcome]).toEqual(['unknown-sender', 'unknown-sender']);
    expect([stranger.reply, strangerHelp.reply]).toEqual([REPLIES.unknownSender, REPLIES.unknownSender]);
    expect(stranger.reply).not.toContain(id);
    expect(await streamLength(id)).toBe(before);
  });

  it('a wrong code or no code records nothing', async () => {
    const id = await setOff();
    const before = await streamLength(id);

    const wrong = await text('ARRIVED 1111');
    const none = await text('ARRIVED');

    expect([wrong.outcome, none.outcome]).toEqual(['bad-code', 'no-code']);
    expect(wrong.reply).toBe(REPLIES.badCode);
    expect(await streamLength(id)).toBe(before);
    // A right code afterwards starts the count again.
    expect((await text(`ARRIVED ${DEMO_CHECK_IN_CODE}`)).outcome).toBe('recorded');
  });

  it(`locks the number after ${BAD_CODES_BEFORE_LOCK} wrong codes and tells the office; HELP still goes through`, async () => {
    const bob = DEMO_USERS.find((user) => user.userId === 'staff-bob')!.mobile!;
    const id = await setOff();
    const before = await streamLength(id);
    // The same wrong text delivered twice counts once.
    const first = uniqueId('sms');
    await text('OK 1111', { from: bob, id: first });
    await text('OK 1111', { from: bob, id: first });
    expect((await text('OK 1112', { from: bob })).outcome).toBe('bad-code');
    const third = await text('OK 1113', { from: bob });
    const rightButLocked = await text(`OK ${DEMO_CHECK_IN_CODE}`, { from: bob });

    expect([third.outcome, rightButLocked.outcome]).toEqual(['locked', 'locked']);
    expect(rightButLocked.reply).toBe(REPLIES.locked);
    expect(await streamLength(id)).toBe(before);
    const told = await h.alert(id, (message) => message.kind === 'texts-locked');
    expect(told).toMatchObject({ notify: ['office'], schoolId: SCHOOL });
    expect(carriesNothingPrivate(told.text)).toBe(true);

    expect((await text('SOS', { from: bob })).outcome).toBe('recorded');
    expect((await h.types(id)).slice(before)).toEqual(['PanicRaised']);
  });
});

describe('idempotency', () => {
  it('the same inbound message delivered twice writes once, and is answered the same', async () => {
    const id = await setOff();
    const before = await streamLength(id);
    const messageId = uniqueId('sms');

    const once = await text(`ARRIVED ${DEMO_CHECK_IN_CODE}`, { id: messageId });
    const again = await text(`ARRIVED ${DEMO_CHECK_IN_CODE}`, { id: messageId });

    expect([once.outcome, again.outcome]).toEqual(['recorded', 'recorded']);
    expect((await h.types(id)).slice(before)).toEqual(['Arrived']);
    expect(h.runtime.texts.outbox.sent.filter((sent) => sent.messageId === `reply:${messageId}`)).toHaveLength(1);
  });
});

describe('reminders by text', () => {
  it('texts the check-in reminder before the check-in is due to the staff who chose it, without the pupil or the address', async () => {
    const bob = DEMO_USERS.find((user) => user.userId === 'staff-bob')!;
    expect(bob.textReminders).toBeUndefined(); // Bob did not choose texts; Alice did
    const id = await setOff(REMINDED.schoolId);

    const alert = await h.alert(id, (message) => message.kind === 'check-in-reminder');
    const reminder = await eventually('the reminder text', () => h.runtime.texts.outbox.sent.find((sent) => sent.messageId.startsWith(`${alert.messageId}:`)));

    expect(reminder).toMatchObject({ to: ALICE_MOBILE, messageId: `${alert.messageId}:staff-alice` });
    expect(reminder.body).toMatch(/^Reminder: your next check-in is due by \d\d:\d\d\. Text OK and your code, or HELP if you need help\.$/);
    expect(Date.parse(reminder.sentAt)).toBeLessThan(Date.parse(alert.dueAt!));
    expect(carriesNothingPrivate(reminder.body)).toBe(true);
    expect(h.runtime.texts.outbox.sent.filter((sent) => sent.to === bob.mobile && sent.messageId.startsWith(`${alert.messageId}:`))).toEqual([]);

    // On AWS the reminder reaches the text Lambda from the alerts topic as a visit and a message id: rebuilt from the store, the same text.
    const relayed = new TextOutbox(h.runtime.clock);
    const { deps } = h.runtime;
    await createReminderRelay({ store: deps.store, policies: deps.policies, reminders: new TextReminders({ phones: h.runtime.texts.phones, texts: relayed, policies: deps.policies, words: DEFAULT_TEXT_WORDS }) })(id, alert.messageId);
    expect(relayed.sent.map(({ messageId, to, body }) => ({ messageId, to, body }))).toEqual([{ messageId: reminder.messageId, to: reminder.to, body: reminder.body }]);
  });
});
