/** A small client for the home-visits HTTP API: the same against `npm start` and a deployed stage. */

export interface Reply<T = any> {
  readonly status: number;
  readonly body: T;
}

export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly token?: string,
  ) {}

  as(token: string): ApiClient {
    return new ApiClient(this.baseUrl, token);
  }

  async send<T = any>(method: 'GET' | 'POST', path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply<T>> {
    const response = await fetch(new URL(path, this.baseUrl), {
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
