import type { CommandOf } from '../commands';
import { conflict, type Refusal } from '../decision';
import type { EventData } from '../events';
import type { LeavingItem, Policy } from '../policy';
import type { Visit } from '../visit-state';

/**
 * What staff attest on leaving the home (policy.checklists.onLeaving), answered: each item that
 * applies to this visit is answered yes, or no where the policy allows it (ifNo), and an item that
 * requires a record has it in the leave's notes. A no is not a refusal: it is a breach recorded with
 * the leave, and those the item names are told (the rule-breach alert).
 */

type Leave = CommandOf<'leave'>['body'];

/** Where the visit was made, as the items' `appliesWhen.place` names it; undefined: staff never saw the family. */
const placeOf = (visit: Visit, doorstep: boolean): 'in-home' | 'doorstep' | undefined =>
  doorstep ? 'doorstep' : visit.status === 'in-home' ? 'in-home' : undefined;

/** Whether an item is asked on this leave: in its named cases, or (by default) once staff have been in the home. */
export function itemApplies(item: LeavingItem, visit: Visit, doorstep: boolean): boolean {
  const place = placeOf(visit, doorstep);
  if (item.appliesWhen?.purposes && !item.appliesWhen.purposes.includes(visit.details.purpose)) return false;
  return place !== undefined && place === (item.appliesWhen?.place ?? 'in-home');
}

/** The refusal naming what is wrong with the answers, or the breaches to record with the leave. */
export function answerLeaving(body: Leave, visit: Visit, policy: Policy, doorstep: boolean): Refusal | EventData<'SafeguardingRuleBreached'>[] {
  const items = policy.checklists.onLeaving;
  const yes = body.attestations ?? [];
  const no = body.answeredNo ?? [];
  const lead = `before leaving, ${policy.schoolName} asks staff to confirm`;
  const unknown = [...yes, ...no].filter((id) => !items.some((item) => item.id === id));
  if (unknown.length > 0) return conflict('leaving-attestations', `not on the policy's list: ${unknown.join(', ')} (it lists ${items.map((item) => item.id).join(', ') || 'nothing'})`);
  const both = yes.filter((id) => no.includes(id));
  if (both.length > 0) return conflict('leaving-attestations', `answered both yes and no: ${both.join(', ')}`);
  const asked = items.filter((item) => itemApplies(item, visit, doorstep));
  const cannotBeNo = items.filter((item) => no.includes(item.id) && !item.ifNo);
  if (cannotBeNo.length > 0) return conflict('leaving-attestations', `${lead}, and cannot record a no to: ${cannotBeNo.map((item) => `${item.text} (${item.id})`).join('; ')}`);
  const missing = asked.filter((item) => item.required && !yes.includes(item.id) && !no.includes(item.id));
  if (missing.length > 0) return conflict('leaving-attestations', `${lead}: ${missing.map((item) => `${item.text} (${item.id})`).join('; ')}`);
  const unrecorded = asked.filter((item) => item.requires && yes.includes(item.id) && !hasRecord(body.notes, item.requires));
  if (unrecorded.length > 0) {
    return conflict('leaving-record-required', `the visit cannot close without its record: ${unrecorded.map((item) => `${item.text} (${item.id}) needs the notes' ${item.requires}`).join('; ')}`);
  }
  return items
    .filter((item) => no.includes(item.id) && item.ifNo)
    .map((item) => ({ rule: `on-leaving:${item.id}`, detail: `Answered no on leaving: ${item.text}`, notify: [...item.ifNo!.notify] }));
}

function hasRecord(notes: Leave['notes'], field: NonNullable<LeavingItem['requires']>): boolean {
  const value = notes?.[field];
  return Array.isArray(value) ? value.length > 0 : typeof value === 'string' && value.trim().length > 0;
}
