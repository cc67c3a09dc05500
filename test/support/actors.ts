import type { Actor } from '../../functions/core/actor';

export const ALICE: Actor = { userId: 'staff-alice', role: 'staff' };
export const BOB: Actor = { userId: 'staff-bob', role: 'staff' };
export const CAROL: Actor = { userId: 'staff-carol', role: 'staff' };
export const OFFICE: Actor = { userId: 'office-olu', role: 'office' };
export const DSL: Actor = { userId: 'dsl-dev', role: 'dsl' };
export const SLT: Actor = { userId: 'slt-sam', role: 'slt' };
export const HEAD: Actor = { userId: 'head-hana', role: 'headteacher' };
export const AUDITOR: Actor = { userId: 'auditor-ari', role: 'auditor' };
export const WORKFLOW: Actor = { userId: 'workflow', role: 'system' };
