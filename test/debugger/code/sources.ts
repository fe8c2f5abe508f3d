/** The files the Code panel shows, read from disk as the browser's ?raw imports give them. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { indexSources } from '../../../src/debugger/code/locate.ts';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Path (as "src/…") → text, for every scenario and driver source. */
export const SOURCE_TEXTS: ReadonlyMap<string, string> = new Map(
  [...walk(join(ROOT, 'src/scenarios')), ...walk(join(ROOT, 'src/kernel/drivers'))].map((p) => [relative(ROOT, p), readFileSync(p, 'utf8')]),
);

export const SOURCE_SET = indexSources(SOURCE_TEXTS);
