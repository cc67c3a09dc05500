import { ProvisionedThroughputExceededException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';

/**
 * Faults dynalite cannot produce, injected into a DynamoDB client: a call to a table fails with a
 * throttle, or is held until the test lets it go. A middleware at the SDK's first step, so the call
 * never reaches dynalite (nothing is written) and the SDK's own retries never see it: what the
 * adapter gets is what DynamoDB answers once the SDK has given up.
 */
export interface DynamoDbFaults {
  /** The next `times` matching calls fail as throttled. */
  throttle(target: FaultTarget, times: number): void;
  /** Every matching call fails as throttled until `restore()`. */
  outage(target: FaultTarget): { restore(): void };
  /** The next matching call waits until released; `reached` resolves when it arrives. */
  hold(target: FaultTarget): { readonly reached: Promise<void>; release(): void };
  /** Calls failed so far, by `table command`. */
  readonly failed: ReadonlyMap<string, number>;
}

/** Which calls a fault hits: a command (e.g. 'PutItem') on a table, and only those `when` accepts (tests run side by side). */
export interface FaultTarget {
  readonly table: string;
  readonly command: string;
  readonly when?: (input: Record<string, unknown>) => boolean;
}

type Rule = { readonly when: (input: Record<string, unknown>) => boolean } & (
  | { readonly kind: 'throttle'; remaining: number }
  | { readonly kind: 'outage'; active: boolean }
  | { readonly kind: 'hold'; used: boolean; readonly arrived: () => void; readonly gate: Promise<void> }
);

const always = () => true;

/** An item's string attribute, for `when`: `itemAttribute(input, 'visitId')`. */
export function itemAttribute(input: Record<string, unknown>, name: string): string | undefined {
  const item = input.Item as Record<string, { S?: string; N?: string }> | undefined;
  return item?.[name]?.S ?? item?.[name]?.N;
}

export function injectDynamoDbFaults(client: DynamoDBClient): DynamoDbFaults {
  const rules = new Map<string, Rule[]>();
  const failed = new Map<string, number>();
  const keyOf = (table: string, command: string) => `${table} ${command}`;
  const add = (key: string, rule: Rule) => rules.set(key, [...(rules.get(key) ?? []), rule]);

  client.middlewareStack.add(
    (next, context) => async (args) => {
      const table = (args.input as { TableName?: string }).TableName;
      const command = (context.commandName ?? '').replace(/Command$/, '');
      const key = keyOf(table ?? '', command);
      for (const rule of rules.get(key) ?? []) {
        if (!rule.when(args.input as Record<string, unknown>)) continue;
        if (rule.kind === 'hold' && !rule.used) {
          rule.used = true;
          rule.arrived();
          await rule.gate;
        } else if ((rule.kind === 'throttle' && rule.remaining > 0) || (rule.kind === 'outage' && rule.active)) {
          if (rule.kind === 'throttle') rule.remaining -= 1;
          failed.set(key, (failed.get(key) ?? 0) + 1);
          throw new ProvisionedThroughputExceededException({ message: 'The level of configured provisioned throughput for the table was exceeded', $metadata: { httpStatusCode: 400 } });
        }
      }
      return next(args);
    },
    { step: 'initialize', name: 'testFaultInjection' },
  );

  return {
    failed,
    throttle({ table, command, when = always }, times) {
      add(keyOf(table, command), { kind: 'throttle', remaining: times, when });
    },
    outage({ table, command, when = always }) {
      const rule: Rule = { kind: 'outage', active: true, when };
      add(keyOf(table, command), rule);
      return { restore: () => void (rule.active = false) };
    },
    hold({ table, command, when = always }) {
      let arrived!: () => void;
      let release!: () => void;
      const reached = new Promise<void>((resolve) => (arrived = resolve));
      const gate = new Promise<void>((resolve) => (release = resolve));
      add(keyOf(table, command), { kind: 'hold', used: false, arrived, gate, when });
      return { reached, release };
    },
  };
}
