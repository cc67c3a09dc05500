import { describe, expect, it } from 'vitest';
import { responderView } from '../../functions/core/responder';
import { ALICE, WORKFLOW } from '../support/actors';
import { scenario } from '../support/scenario';

/**
 * The responder view (functions/core/responder.ts): for each open alert on a Hunsbury Park visit,
 * the policy's instruction and whom to call, with the address and the staff's mobiles.
 */

const ALICE_WITH_MOBILE = { userId: 'staff-alice', name: 'Alice Officer', mobile: '07700 900123', vehicle: 'Blue Fiesta AB12 CDE' };
const BOB = { userId: 'staff-bob', name: 'Bob Worker' };

const inTheHome = () => scenario('hunsbury-park').readyToGo({ staff: [ALICE_WITH_MOBILE, BOB] }).departed().after(30).arrived().entered();

describe('the responder view', () => {
  it('gives a panic the address, the staff with their mobiles, the policy’s panic instruction and the police to call', () => {
    const s = inTheHome();
    s.after(10).ok('panic', {}, ALICE);

    const view = responderView(s.visit, s.policy);

    expect(view.address).toBe(s.visit.details.address);
    expect(view.staff).toEqual([{ name: 'Alice Officer', mobile: '07700 900123', vehicle: 'Blue Fiesta AB12 CDE' }, { name: 'Bob Worker' }]);
    expect(view.alerts).toEqual([
      {
        alertId: s.visit.alerts[0]!.alertId,
        kind: 'panic',
        level: 0,
        instruction: s.policy.alerts.panic.instruction,
        told: ['School office', 'Designated Safeguarding Lead (DSL) or deputy (DDSL)', 'Headteacher'],
        contacts: [{ title: 'Police', channel: 'phone', contact: '999', instruction: s.policy.recipients.police!.instruction }],
        doNotPhoneOpenly: false,
      },
    ]);
  });

  it('says of a duress alert that nobody phones the staff openly, and whom to call instead', () => {
    const s = inTheHome();
    s.after(10).ok('check-in', { duress: true }, ALICE);

    const [duress] = responderView(s.visit, s.policy).alerts;

    expect(duress).toMatchObject({ kind: 'duress', doNotPhoneOpenly: true, instruction: expect.stringContaining('do not phone them openly') });
    expect(duress!.contacts.map((contact) => contact.contact)).toEqual(['999']);
  });

  it('gives a missed check-in the instruction of the rung it has reached: level 1 the office phones, level 3 the police', () => {
    const s = inTheHome();
    s.now = s.visit.entered!.at;
    s.after(120).ok('deadline-passed', { kind: 'check-in' }, WORKFLOW);
    const levelOne = responderView(s.visit, s.policy).alerts[0]!;
    const alertId = s.visit.alerts[0]!.alertId;
    s.after(15).ok('escalate', { alertId }, WORKFLOW);
    s.after(15).ok('escalate', { alertId }, WORKFLOW);

    const levelThree = responderView(s.visit, s.policy).alerts[0]!;

    expect(levelOne).toMatchObject({ level: 1, instruction: s.policy.escalation.levels[0]!.instruction, told: ['School office'], contacts: [] });
    expect(levelThree).toMatchObject({ level: 3, instruction: s.policy.escalation.levels[2]!.instruction, contacts: [expect.objectContaining({ contact: '999' })] });
  });
});
