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
  constructor(private readonly url: string) {}
  async publish(message: AlertMessage): Promise<void> {
    const response = await fetch(this.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(message) });
    if (!response.ok) throw new Error(`webhook ${this.url} answered ${response.status}`);
  }
}

/**
 * Every sink gets every alert; one failing sink does not stop the others, and the failure is
 * reported loudly (like SNS's delivery-failure alarm) rather than swallowed.
 */
export class FanOutAlertPublisher implements AlertPublisher {
  constructor(private readonly sinks: readonly AlertPublisher[], private readonly onFailure: (error: unknown, message: AlertMessage) => void) {}
  async publish(message: AlertMessage): Promise<void> {
    const results = await Promise.allSettled(this.sinks.map((sink) => sink.publish(message)));
    for (const result of results) if (result.status === 'rejected') this.onFailure(result.reason, message);
  }
}
