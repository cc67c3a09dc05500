import type { AlertMessage } from '../core/alerts';

/**
 * Where the alerts of committed events go. An alert is a consequence of an event that is already in
 * the store, so it is delivered at least once from there, apart from the request or workflow step
 * that appended it: a sink that hangs or fails can never hold up a panic's answer or the ladder.
 */
export interface AlertOutbox {
  /** Hand over the alerts of events just committed. Returns at once; delivery happens elsewhere. */
  committed(messages: readonly AlertMessage[]): void;
  /**
   * Called before a command is appended to a visit that no workflow watches any more (its report
   * is filed, yet a panic or a concern may still come): a restart looks for undelivered alerts in
   * the visits still under way, so this record is what finds the command's alerts if the process
   * dies between the append and `committed`.
   */
  intend(visitId: string, commandId: string): Promise<void>;
}

/**
 * On AWS the event table's stream delivers every committed alert (functions/alerts/, retried by
 * Lambda's event source mapping, dead-lettered when it still fails), so a handler hands over nothing:
 * a crash between the append and a publish could otherwise lose the alert.
 */
export const deliveredByTableStream: AlertOutbox = { committed: () => undefined, intend: async () => undefined };
