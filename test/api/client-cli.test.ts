import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ApiClient } from '../../bin/client/api-client';
import { EXIT, main } from '../../bin/visit-cli';
import { createLocalAuth, generateStoredKey, type LocalAuth } from '../../local/auth';
import { driveVisit, ENTER_BODY, startApiHarness, type ApiHarness } from '../support/api-harness';
import { runCli } from '../support/cli';
import { serveApi, type HttpApi } from '../support/http-api';
import { uniqueId } from '../support/ids';
import { visitDetails } from '../support/scenario';

/**
 * The API client's side of `npm run visit` (start, act, show) over real HTTP against the API on
 * dynalite: what the CLI sends is what the API decides on, and a refusal writes nothing.
 */

let h: ApiHarness;
let auth: LocalAuth;
let http: HttpApi;
let dir: string;
let requests = 0;
/** The Accept header of each request the CLI sent, in order. */
const accepts: Array<string | null> = [];

const countingFetch: typeof fetch = (input, init) => {
  requests += 1;
  accepts.push(new Headers(init?.headers).get('accept'));
  return fetch(input, init);
};

beforeAll(async () => {
  h = await startApiHarness();
  auth = await createLocalAuth({ key: await generateStoredKey() });
  http = await serveApi(h.api.route, auth);
  dir = await mkdtemp(join(tmpdir(), 'client-cli-'));
});
afterAll(async () => {
  await http.close();
  await h.stop();
  await rm(dir, { recursive: true, force: true });
});

async function cli(user: string, ...args: string[]) {
  return runCli(args, http.url, await auth.tokenFor(user), countingFetch);
}

async function jsonFile(name: string, content: unknown): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

const eventTypes = async (visitId: string) => (await h.store.read(visitId)).map((event) => event.type);

describe('npm run visit -- start / act / show', () => {
  it('starts a visit from a file of its details, once however often it is sent, and shows it', async () => {
    const visitId = uniqueId('cli');
    const file = await jsonFile('details.json', visitDetails('hunsbury-park'));

    const first = await cli('staff-alice', 'start', file, '--visit-id', visitId);
    const again = await cli('staff-alice', 'start', file, '--visit-id', visitId);
    const shown = await cli('office-olu', 'show', visitId);

    expect(first.code).toBe(EXIT.verified);
    expect(first.out).toContain('POST /visits → 201');
    expect(again.code).toBe(EXIT.verified);
    expect(again.out).toContain('POST /visits → 200');
    expect(await eventTypes(visitId)).toEqual(['VisitRequested']);
    expect(shown.code).toBe(EXIT.verified);
    expect(JSON.parse(shown.out.slice(shown.out.indexOf('\n') + 1))).toMatchObject({ visitId, status: 'requested' });
  });

  it('takes the visit id from a file that holds the whole request', async () => {
    const visitId = uniqueId('cli');
    const file = await jsonFile('request.json', { visitId, details: visitDetails('harrogate-high') });

    const started = await cli('staff-alice', 'start', file);

    expect(started.code).toBe(EXIT.verified);
    expect(await eventTypes(visitId)).toEqual(['VisitRequested']);
  });

  it('sends an action with its body, and exits 1 naming the rule when the visit forbids it, writing nothing', async () => {
    const visitId = uniqueId('cli');
    await cli('staff-alice', 'start', await jsonFile('v.json', visitDetails('hunsbury-park')), '--visit-id', visitId);

    const authorised = await cli('head-hana', 'act', visitId, 'authorise', '--body', '{"note":"Go ahead"}');
    const tooSoon = await cli('staff-alice', 'act', visitId, 'enter', '--file', await jsonFile('enter.json', ENTER_BODY));

    expect(authorised.code).toBe(EXIT.verified);
    expect(authorised.out).toContain(`POST /visits/${visitId}/authorise → 200`);
    expect(tooSoon.code).toBe(EXIT.refused);
    expect(tooSoon.err).toContain('→ 409');
    expect(tooSoon.err).toMatch(/"rule": "[a-z-]+"/);
    expect(await eventTypes(visitId)).toEqual(['VisitRequested', 'VisitAuthorised']);
  });

  it('shows the field errors of a bad body, and the refusal of a caller without the role', async () => {
    const visitId = uniqueId('cli');
    await cli('staff-alice', 'start', await jsonFile('w.json', visitDetails('hunsbury-park')), '--visit-id', visitId);

    const badBody = await cli('head-hana', 'act', visitId, 'decline', '--body', '{"reason":""}');
    const auditor = await cli('auditor-ari', 'act', visitId, 'authorise');

    expect(badBody.code).toBe(EXIT.refused);
    expect(badBody.err).toContain('→ 400');
    expect(badBody.err).toContain('reason');
    expect(auditor.code).toBe(EXIT.refused);
    expect(auditor.err).toContain('→ 403');
    expect(await eventTypes(visitId)).toEqual(['VisitRequested']);
  });

  it('exits 2 without calling the API for an unknown action, a file that is not JSON, or both --body and --file', async () => {
    const before = requests;

    const unknown = await cli('staff-alice', 'act', 'visit-123456', 'teleport');
    const notJson = await cli('staff-alice', 'start', await jsonFile('broken.json', '{ not json'));
    const both = await cli('staff-alice', 'act', 'visit-123456', 'check-in', '--body', '{}', '--file', 'x.json');
    const missing = await cli('staff-alice', 'show');

    expect([unknown.code, notJson.code, both.code, missing.code]).toEqual([EXIT.usage, EXIT.usage, EXIT.usage, EXIT.usage]);
    expect(unknown.err).toContain('no action "teleport"');
    expect(notJson.err).toContain('is not JSON');
    expect(requests).toBe(before);
  });
});

describe('npm run visit -- report', () => {
  it('asks for application/pdf and writes a valid PDF, over real HTTP through the adapter that follows API Gateway\'s Accept rule', async () => {
    const visitId = await driveVisit(h, 'filed');
    const out = join(dir, `${visitId}.pdf`);
    const before = accepts.length;

    const pdf = await cli('auditor-ari', 'report', visitId, '--format', 'pdf', '--out', out);

    expect(pdf.code).toBe(EXIT.verified);
    expect(accepts.slice(before)).toEqual(['application/pdf']);
    const bytes = await readFile(out);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.subarray(-8).toString('latin1')).toContain('%%EOF');
    expect(pdf.out).toContain(`→ 200: ${bytes.length} bytes (application/pdf) written to ${out}`);
  });

  it('asks for text/markdown and application/json for the other formats, and prints them', async () => {
    const visitId = await driveVisit(h, 'filed');
    const before = accepts.length;

    const md = await cli('auditor-ari', 'report', visitId, '--format', 'md');
    const json = await cli('auditor-ari', 'report', visitId);

    expect([md.code, json.code]).toEqual([EXIT.verified, EXIT.verified]);
    expect(accepts.slice(before)).toEqual(['text/markdown', 'application/json']);
    expect(md.out).toMatch(/^# /m);
    expect(JSON.parse(json.out)).toMatchObject({ visitId, reportId: `report-${visitId}` });
  });

  it('refuses, writing nothing, a PDF that came as base64 text (what API Gateway sends to a JSON Accept)', async () => {
    const visitId = await driveVisit(h, 'filed');
    const out = join(dir, `${visitId}-as-json.pdf`);
    const jsonAccept: typeof fetch = (input, init) => fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), accept: 'application/json' } });

    const errors: string[] = [];
    const result = await main(['report', visitId, '--format', 'pdf', '--out', out, '--url', http.url, '--token', await auth.tokenFor('auditor-ari')], {
      out: () => {},
      err: (text) => errors.push(text),
      env: {},
      fetch: jsonAccept,
    });

    expect(result).toBe(EXIT.unreadable);
    expect(errors.join('\n')).toContain('the answer is not a PDF (JVBERi');
    await expect(readFile(out)).rejects.toThrow(/ENOENT/);
  });

  it('exits 2 without calling the API for a PDF without --out, an unknown format, or no visit id', async () => {
    const before = requests;

    const noOut = await cli('auditor-ari', 'report', 'visit-123456', '--format', 'pdf');
    const unknown = await cli('auditor-ari', 'report', 'visit-123456', '--format', 'docx');
    const missing = await cli('auditor-ari', 'report');

    expect([noOut.code, unknown.code, missing.code]).toEqual([EXIT.usage, EXIT.usage, EXIT.usage]);
    expect(noOut.err).toContain('--out');
    expect(unknown.err).toContain('no report format "docx"');
    expect(requests).toBe(before);
  });

  it('the API client asks for application/pdf too, and gets the PDF\'s bytes', async () => {
    const visitId = await driveVisit(h, 'filed');
    const client = new ApiClient(http.url, await auth.tokenFor('auditor-ari'));

    const reply = await client.report(visitId, 'pdf');

    expect(reply.status).toBe(200);
    expect(Buffer.isBuffer(reply.body)).toBe(true);
    expect((reply.body as Buffer).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });
});

describe('the API client', () => {
  it('keeps the stage path of a deployed base URL (https://…/prod) for every request', async () => {
    const seen: string[] = [];
    const spy = vi.spyOn(globalThis, 'fetch').mockImplementation(async (input) => {
      seen.push(String(input));
      return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
    });
    try {
      await new ApiClient('https://api.example.test/prod').get('/visits/v-1');
      await new ApiClient('https://api.example.test/prod/').report('v-1', 'md');
    } finally {
      spy.mockRestore();
    }
    expect(seen).toEqual(['https://api.example.test/prod/visits/v-1', 'https://api.example.test/prod/visits/v-1/report?format=md']);
  });
});
