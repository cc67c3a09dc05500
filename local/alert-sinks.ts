import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { AlertPublisher } from '../functions/adapters/alert-publisher';
import type { AlertMessage } from '../functions/core/alerts';

/** Where the local runtime's SNS publishes go: the console, a JSON-lines outbox, webhooks. */

const SEVERITY_MARK: Record<AlertMessage['severity'], string> = { critical: '!!', high: '! ', info: '  ' };

/** One readable line per alert: severity, level, kind, school, visit, who is told, the subject. */
export function alertLine(message: AlertMessage, at: Date): string {
  const level = message.level > 0 ? ` L${message.level}` : '';
  return `${SEVERITY_MARK[message.severity]} ${at.toISOString().slice(11, 19)} ${message.severity.toUpperCase()}${level} ${message.kind} ${message.schoolId}/${message.visitId} → ${message.notify.join(', ')}: ${message.subject}`;
}

export class ConsoleAlertPublisher implements AlertPublisher {
  constructor(private readonly clock: { now(): Date }, private readonly write: (line: string) => void = console.log) {}
  async publish(message: AlertMessage): Promise<void> {
    this.write(alertLine(message, this.clock.now()));
  }
}

export class OutboxAlertPublisher implements AlertPublisher {
  constructor(private readonly file: string, private readonly clock: { now(): Date }) {}
  async publish(message: AlertMessage): Promise<void> {
    await mkdir(dirname(this.file), { recursive: true });
    await appendFile(this.file, `${JSON.stringify({ publishedAt: this.clock.now().toISOString(), ...message })}\n`);
  }
}

export class WebhookAlertPublisher implements AlertPublisher {
  /** @param timeoutMs an attempt that has not been answered by then is abandoned (its socket closed) */
  constructor(private readonly url: string, private readonly timeoutMs = 5_000) {}
  async publish(message: AlertMessage): Promise<void> {
    const response = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(message),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (!response.ok) throw new Error(`webhook ${this.url} answered ${response.status}`);
  }
}
