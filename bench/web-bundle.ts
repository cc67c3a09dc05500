import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ensureWebBuilt, WEB_DIST } from '../local/web-build';

/** Goal (issue 10): what a staff member's phone downloads for its page, JS + CSS gzipped, under 100 KB. */
const STAFF_PAGE_BUDGET_KB = 100;

/** Every script and stylesheet a built page loads: its own tags and, transitively, the chunks its scripts import. */
async function pageAssets(page: string): Promise<string[]> {
  const html = await readFile(join(WEB_DIST, page), 'utf8');
  const seen = new Set<string>();
  const queue = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g)].map((match) => match[1]!);
  while (queue.length > 0) {
    const asset = queue.shift()!;
    if (seen.has(asset)) continue;
    seen.add(asset);
    if (!asset.endsWith('.js')) continue;
    const code = await readFile(join(WEB_DIST, asset), 'utf8');
    for (const match of code.matchAll(/(?:from|import)\s*\(?\s*["']\.\/([^"']+\.(?:js|css))["']/g)) queue.push(`/assets/${match[1]}`);
  }
  return [...seen];
}

export async function benchWebBundle(): Promise<void> {
  await ensureWebBuilt();
  for (const page of ['staff.html', 'board.html', 'desk.html', 'audit.html', 'index.html']) {
    const assets = await pageAssets(page);
    let js = 0;
    let css = 0;
    for (const asset of assets) {
      const size = gzipSync(await readFile(join(WEB_DIST, asset)), { level: 9 }).length;
      if (asset.endsWith('.css')) css += size;
      else js += size;
    }
    const total = (js + css) / 1024;
    const goal = page === 'staff.html' ? `  (goal < ${STAFF_PAGE_BUDGET_KB} KB: ${total < STAFF_PAGE_BUDGET_KB ? 'met' : 'MISSED'})` : '';
    console.log(`  ${page.padEnd(12)} JS ${(js / 1024).toFixed(1)} KB + CSS ${(css / 1024).toFixed(1)} KB gzip = ${total.toFixed(1)} KB in ${assets.length} files${goal}`);
  }
}
