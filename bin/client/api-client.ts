import type { z } from 'zod';
import type { ReportFormat } from '../../functions/api/schemas';

/** A small client for the home-visits HTTP API: the same against `npm start` and a deployed stage. */

export type ReportFormatName = z.infer<typeof ReportFormat>;

/**
 * The Accept header each report format is asked for with. API Gateway sends the PDF (base64 from the
 * Lambda, with isBase64Encoded) as bytes only when the request's first Accept type is a binary media
 * type of the API (application/pdf); to `Accept: application/json` it sends the base64 text.
 */
export const REPORT_ACCEPT: Readonly<Record<ReportFormatName, string>> = {
  json: 'application/json',
  md: 'text/markdown',
  pdf: 'application/pdf',
};

export interface Reply<T = any> {
  readonly status: number;
  readonly body: T;
}

export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly token?: string,
  ) {}

  /** A path under the base URL, which may itself have a path (a deployed stage: https://…/prod), as the CLI's apiUrl. */
  private url(path: string): URL {
    return new URL(path.replace(/^\//, ''), this.baseUrl.endsWith('/') ? this.baseUrl : `${this.baseUrl}/`);
  }

  as(token: string): ApiClient {
    return new ApiClient(this.baseUrl, token);
  }

  async send<T = any>(method: 'GET' | 'POST', path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply<T>> {
    const response = await fetch(this.url(path), {
      method,
      headers: {
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    const type = response.headers.get('content-type') ?? '';
    return { status: response.status, body: type.includes('json') && text ? JSON.parse(text) : text };
  }

  get<T = any>(path: string): Promise<Reply<T>> {
    return this.send<T>('GET', path);
  }

  post<T = any>(path: string, body: unknown, headers?: Record<string, string>): Promise<Reply<T>> {
    return this.send<T>('POST', path, body, headers);
  }

  /** GET /visits/{id}/report in `format`, asking for its media type: the PDF's body is its bytes (a Buffer), the others as `send` reads them. */
  async report(visitId: string, format: ReportFormatName = 'json'): Promise<Reply> {
    if (format !== 'pdf') return this.send('GET', `/visits/${encodeURIComponent(visitId)}/report?format=${format}`, undefined, { accept: REPORT_ACCEPT[format] });
    const response = await fetch(this.url(`/visits/${encodeURIComponent(visitId)}/report?format=pdf`), {
      headers: { ...(this.token ? { authorization: `Bearer ${this.token}` } : {}), accept: REPORT_ACCEPT.pdf },
    });
    const bytes = Buffer.from(await response.arrayBuffer());
    const type = response.headers.get('content-type') ?? '';
    return { status: response.status, body: response.ok ? bytes : type.includes('json') ? JSON.parse(bytes.toString('utf8')) : bytes.toString('utf8') };
  }

  /** Poll GET /visits/{id} until its status is one of `statuses` (bounded). */
  async waitForStatus(visitId: string, statuses: readonly string[], timeoutMs = 20_000): Promise<Reply> {
    const deadline = Date.now() + timeoutMs;
    let last: Reply | undefined;
    while (Date.now() < deadline) {
      last = await this.get(`/visits/${visitId}`);
      if (statuses.includes(last.body?.status)) return last;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`visit ${visitId} did not reach ${statuses.join('/')} (last: ${last?.status} ${JSON.stringify(last?.body?.status)})`);
  }
}
