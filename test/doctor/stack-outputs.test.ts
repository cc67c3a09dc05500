import { describe, expect, it } from 'vitest';
import { STACK_OUTPUTS } from '../../bin/doctor/aws-facts';
import { STACK_OUTPUTS as WRITTEN } from '../../lib/stack-outputs';
import { synthSampleTrust } from '../cdk/sample-trust';

describe("the doctor's starting points", () => {
  it('are outputs of the trust stack, by the names the doctor reads', () => {
    const { template } = synthSampleTrust();

    const outputs = Object.keys(template.toJSON().Outputs as Record<string, unknown>);

    expect(outputs).toEqual(expect.arrayContaining(Object.values(STACK_OUTPUTS)));
    // Read when present (a stack from before texts lacks it).
    expect(outputs).toContain(WRITTEN.inboundTextsTopic);
  });
});
