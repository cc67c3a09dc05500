import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, problemOf, type ApiProblem } from '../shared/api';
import { ProblemSummary } from '../shared/problem';

/**
 * The filed report, as the API renders it in Markdown (functions/core/report-markdown.ts), drawn as
 * headings, lists and paragraphs: the subset that renderer writes, everything else as plain text.
 * What people typed was escaped by the server and is only ever text here (Preact text nodes).
 * The PDF comes with the bearer header, as bytes, and is handed over as a blob: no token in a URL.
 */
export function FiledReport(props: { visitId: string; asOf?: string | undefined }) {
  const [markdown, setMarkdown] = useState<string>();
  const [problem, setProblem] = useState<ApiProblem>();

  useEffect(() => {
    setMarkdown(undefined);
    setProblem(undefined);
    void (async () => {
      try {
        const { data, error, response } = await (await api()).GET('/visits/{id}/report', {
          params: { path: { id: props.visitId }, query: { format: 'md' } },
          headers: { accept: 'text/markdown' },
          parseAs: 'text',
        });
        if (response.ok && typeof data === 'string') setMarkdown(data);
        else setProblem(problemOf(response.status, typeof error === 'string' ? safeJson(error) : error));
      } catch {
        setProblem({ status: 0, message: 'The service cannot be reached. Check your connection and reload.' });
      }
    })();
  }, [props.visitId]);

  return (
    <section aria-labelledby="report-heading">
      <h2 class="govuk-heading-m" id="report-heading">The filed report</h2>
      {props.asOf && <p class="govuk-body">The report as filed: it does not change with the time chosen above.</p>}
      {problem && (problem.status === 404 ? <p class="govuk-body">No report yet: {problem.message}.</p> : <ProblemSummary problem={problem} title="The report could not be loaded" />)}
      {!problem && markdown === undefined && <p class="govuk-body">Loading the report…</p>}
      {markdown !== undefined && (
        <>
          <PdfDownload visitId={props.visitId} />
          <div class="hv-audit-report">{renderMarkdown(markdown)}</div>
        </>
      )}
    </section>
  );
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Fetches the PDF with the signed-in person's bearer, then saves it from a blob URL. */
function PdfDownload(props: { visitId: string }) {
  const [file, setFile] = useState<{ url: string; name: string }>();
  const [problem, setProblem] = useState<ApiProblem>();
  const [busy, setBusy] = useState(false);

  useEffect(() => () => {
    if (file) URL.revokeObjectURL(file.url);
  }, [file]);

  async function fetchPdf() {
    setBusy(true);
    setProblem(undefined);
    try {
      const { data, error, response } = await (await api()).GET('/visits/{id}/report', {
        params: { path: { id: props.visitId }, query: { format: 'pdf' } },
        headers: { accept: 'application/pdf' },
        parseAs: 'blob',
      });
      if (!response.ok || !(data instanceof Blob)) {
        setProblem(problemOf(response.status, error instanceof Blob ? safeJson(await error.text()) : error));
        return;
      }
      const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? `report-${props.visitId}.pdf`;
      const url = URL.createObjectURL(new Blob([data], { type: 'application/pdf' }));
      setFile({ url, name });
      // Save it straight away; the link stays for saving it again.
      const save = document.createElement('a');
      save.href = url;
      save.download = name;
      save.click();
    } catch {
      setProblem({ status: 0, message: 'The service cannot be reached. Check your connection and try again.' });
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
    <div class="govuk-button-group">
      <button type="button" class="govuk-button govuk-button--secondary" onClick={() => void fetchPdf()} disabled={busy} aria-disabled={busy}>
        {busy ? 'Preparing the PDF…' : 'Download the report as a PDF'}
      </button>
      {file && (
        <a class="govuk-link" href={file.url} download={file.name}>
          Save {file.name} again
        </a>
      )}
    </div>
    <ProblemSummary problem={problem} title="The PDF could not be made" />
    </>
  );
}

const unescape = (text: string): string => text.replace(/\\(.)/g, '$1');

/** `**label:** value` at the start of a line: the label bold, the rest as it is. */
function inline(text: string): ComponentChildren {
  const labelled = /^\*\*(.+?)\*\*\s?(.*)$/.exec(text);
  if (labelled) return <><strong>{unescape(labelled[1]!)}</strong> {unescape(labelled[2]!)}</>;
  const emphasis = /^_(.+)_$/.exec(text);
  if (emphasis) return <em>{unescape(emphasis[1]!)}</em>;
  return unescape(text);
}

export function renderMarkdown(markdown: string): ComponentChildren[] {
  const out: ComponentChildren[] = [];
  let items: string[] = [];
  const flush = () => {
    if (items.length === 0) return;
    const key = `list-${out.length}`;
    out.push(
      <ul class="govuk-list govuk-list--bullet" key={key}>
        {items.map((item, index) => <li key={index}>{inline(item)}</li>)}
      </ul>,
    );
    items = [];
  };
  for (const line of markdown.split('\n')) {
    if (line.startsWith('- ')) {
      items.push(line.slice(2));
      continue;
    }
    flush();
    const key = `block-${out.length}`;
    if (line.trim() === '') continue;
    if (line.startsWith('# ')) out.push(<h3 class="govuk-heading-m" key={key}>{unescape(line.slice(2))}</h3>);
    else if (line.startsWith('## ')) out.push(<h4 class="govuk-heading-s" key={key}>{unescape(line.slice(3))}</h4>);
    else if (line.trim() === '---') out.push(<hr class="govuk-section-break govuk-section-break--m govuk-section-break--visible" key={key} />);
    else out.push(<p class="govuk-body" key={key}>{inline(line)}</p>);
  }
  flush();
  return out;
}
