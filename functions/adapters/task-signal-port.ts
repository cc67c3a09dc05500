/** Signals to a Step Functions task that waits on its token (the callback pattern). */
export interface TaskSignals {
  /** Completes the task; `output` (JSON-serialisable) becomes its result. */
  success(token: string, output: unknown): Promise<void>;
  /** Fails the task with `error` (what Retry and Catch match) and `cause`. */
  failure(token: string, error: string, cause?: string): Promise<void>;
  /** Resets the task's HeartbeatSeconds clock. */
  heartbeat(token: string): Promise<void>;
}

/** Nothing waits on the token any more: the task timed out, was answered, or its execution ended. */
export class TaskNotWaitingError extends Error {
  constructor(options: { cause: unknown }) {
    super('No task waits on this token any more', options);
    this.name = 'TaskNotWaitingError';
  }
}

/** For a step that never signals a task (all but await-signal): saying so beats building a client it would not use. */
export const NO_TASK_SIGNALS: TaskSignals = {
  success: () => Promise.reject(new Error('this step signals no task')),
  failure: () => Promise.reject(new Error('this step signals no task')),
  heartbeat: () => Promise.reject(new Error('this step signals no task')),
};
