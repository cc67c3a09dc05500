/**
 * A callback task's Lambda handler for tests: records each payload it is invoked with (the task
 * token among them) and lets the test await the n-th one.
 */
export class CallbackInbox<P extends { token: string } = { token: string }> {
  readonly received: P[] = [];
  private pending: Array<{ index: number; resolve: (payload: P) => void }> = [];

  readonly handler = async (payload: unknown): Promise<void> => {
    this.received.push(payload as P);
    this.pending = this.pending.filter((waiter) => {
      const arrived = this.received[waiter.index];
      if (arrived) waiter.resolve(arrived);
      return !arrived;
    });
  };

  /** The payload of invocation number `index` (0-based), once it has arrived. */
  nth(index: number): Promise<P> {
    const arrived = this.received[index];
    if (arrived) return Promise.resolve(arrived);
    return new Promise((resolve) => this.pending.push({ index, resolve }));
  }
}
