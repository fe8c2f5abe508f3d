/**
 * Every example in docs/queries.md is run: each ```query SCENARIO block's lines are
 * `QUERY → ANSWER` (record ids "#n, #m", "k hits", "none", or for `processes` their names).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { positionOf } from '../../../src/debugger/query/hits.ts';
import { ask, sourceOf } from './helpers.ts';
import { runScenario } from './runs.ts';

const DOC = readFileSync(join(import.meta.dirname, '../../../docs/queries.md'), 'utf8');

interface Example {
  readonly scenario: string;
  readonly query: string;
  readonly expected: string;
}

function examples(markdown: string): Example[] {
  const out: Example[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^```query (\S+)$/.exec(lines[i]!.trim());
    if (m === null) continue;
    for (i++; i < lines.length && lines[i]!.trim() !== '```'; i++) {
      const [query, expected] = lines[i]!.split('→').map((s) => s.trim());
      out.push({ scenario: m[1]!, query: query!, expected: expected ?? '' });
    }
  }
  return out;
}

describe('docs/queries.md examples', () => {
  const all = examples(DOC);
  it('has examples, each with an answer', () => {
    expect(all.length).toBeGreaterThan(10);
    for (const e of all) expect(e.expected, e.query).not.toBe('');
  });
  const runs = new Map<string, ReturnType<typeof sourceOf> & { ids: number[] }>();
  const source = (id: string) => {
    let s = runs.get(id);
    if (s === undefined) {
      const run = runScenario(id, undefined, 100_000);
      runs.set(id, (s = { ...sourceOf(run), ids: run.records.map((r) => r.id) }));
    }
    return s;
  };
  for (const e of all) {
    it(`${e.scenario}: ${e.query}`, () => {
      const src = source(e.scenario);
      const a = ask(src, e.query);
      let got: string;
      if (a.head === 'processes') got = a.processes.map((p) => p.name).join(', ');
      else if (a.head === 'count' || /^\d+ hits$/.test(e.expected)) got = `${a.count} hits`;
      else got = a.hits.length === 0 ? 'none' : a.hits.map((h) => `#${src.ids[positionOf(h)]}`).join(', ');
      expect(got).toBe(e.expected);
    });
  }
});
