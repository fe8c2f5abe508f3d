/** An imported native trace is the same run as the live one it was exported from, read-only. */
import { describe, expect, it } from 'vitest';
import { exportHistory } from '../../src/debugger/export/index.ts';
import type { HistoryView } from '../../src/debugger/history-api.ts';
import { isLiveHistory } from '../../src/debugger/history-api.ts';
import { RunHistory } from '../../src/debugger/history.ts';
import { ImportedHistory, readUiField } from '../../src/debugger/imported-history.ts';
import type { Model } from '../../src/debugger/model.ts';
import { simulationOptions } from '../../src/debugger/replay/index.ts';
import { TraceParseError, actionToJson, makeHeader, roleToJson, stateToJson } from '../../src/debugger/trace/index.ts';
import type { Input } from '../../src/kernel/ground/inputs.ts';
import { pid, struct } from '../../src/kernel/index.ts';
import { findScenario, startScenario } from '../../src/scenarios/index.ts';

const FULL = { maxDepth: 1_000, maxNodes: Number.MAX_SAFE_INTEGER };

/** A model as plain JSON: live states and actions through the trace's own encoders, so both sides compare. */
function plain(m: Model): unknown {
  return {
    time: m.time,
    applied: m.applied,
    last: m.last,
    procs: [...m.procs.values()].map((p) => ({
      ...p,
      vm: [...p.vm],
      state: stateToJson(p.state, FULL),
      endpoints: [...p.endpoints.values()].map((e) => ({ ...e, role: roleToJson(e.role) })),
      metaEndpoints: [...p.metaEndpoints.values()].map((e) => ({ ...e, role: roleToJson(e.role) })),
      queue: p.queue.toArray().map(actionToJson),
      crash: p.crash === null ? null : stateToJson(p.crash, FULL),
      exit: p.exit === null ? null : { how: p.exit.how, reason: stateToJson(p.exit.reason, FULL) },
    })),
  };
}

function live(id: string, inputs: readonly Input[] = []): RunHistory {
  const s = findScenario(id)!;
  const h = new RunHistory(startScenario(s), { checkpointEvery: 64, maxRecords: 1_000_000 }, inputs);
  h.growAll(s.maxSteps ?? 100_000);
  return h;
}

function native(h: RunHistory, id: string, inputs: readonly Input[] = [], extra = ''): string {
  const s = findScenario(id)!;
  const header = makeHeader({ scenario: id, seed: s.seed, options: simulationOptions(h.simulation, s.maxSteps ?? 100_000, null), inputs });
  const chunks: string[] = [];
  exportHistory('native', header, h, (c) => chunks.push(c));
  const text = chunks.join('');
  if (extra === '') return text;
  const nl = text.indexOf('\n');
  return `${text.slice(0, nl - 1)},${extra}}${text.slice(nl)}`;
}

describe('ImportedHistory', () => {
  const run = live('tcp-echo');
  const imported = ImportedHistory.fromText(native(run, 'tcp-echo'), { checkpointEvery: 64, name: 'echo.jsonl' });

  it('has the live run\'s records, steps and ids, and is read-only', () => {
    expect(imported.length).toBe(run.length);
    expect(imported.records.map((r) => [r.id, r.kind, r.cause])).toEqual(run.records.map((r) => [r.id, r.kind, r.cause]));
    // The history's status-only entries are not steps of the file.
    expect(imported.stepEnds).toEqual(run.stepEnds.filter((e, i) => i === 0 || e !== run.stepEnds[i - 1]));
    expect(imported.status).toBe('imported');
    expect(imported.canGrow).toBe(false);
    expect(isLiveHistory(imported)).toBe(false);
    expect(isLiveHistory(run)).toBe(true);
    imported.grow(imported.length + 10, 10);
    imported.growAll(10);
    expect(imported.length).toBe(run.length);
    expect(imported.endStatus).toBe(run.status);
    expect(imported.name).toBe('echo.jsonl');
    for (const r of run.records) expect(imported.indexOfId(r.id)).toBe(run.indexOfId(r.id));
    expect(imported.indexOfId(0)).toBeNull();
    expect(imported.indexOfId(run.length + 5)).toBeNull();
  });

  it('shares the read API with RunHistory', () => {
    const views: HistoryView[] = [run, imported];
    expect(views.map((v) => v.length)).toEqual([run.length, run.length]);
  });

  it('gives the same model as the live run at every index (tcp-echo)', () => {
    for (let i = 0; i <= run.length; i++) {
      expect(plain(imported.modelAt(i)), `index ${i}`).toEqual(plain(run.modelAt(i)));
    }
  });

  it('seeks incrementally from checkpoints, backwards too', () => {
    const before = imported.recomputed;
    for (let i = run.length; i >= 0; i -= 7) imported.modelAt(i);
    // Each seek folds at most one checkpoint interval.
    expect(imported.recomputed - before).toBeLessThanOrEqual(Math.ceil(run.length / 7 + 1) * 64);
  });

  it('places the header\'s inputs where the live run applied them', () => {
    const inputs: Input[] = [
      { atStep: 3, kind: 'inject', body: struct('poke', 'hi'), orientation: 'publisher' },
      { atStep: 3, kind: 'inject', body: struct('poke', 'again'), orientation: 'subscriber' },
      { atStep: 5, kind: 'kill', vm: [], pid: pid(2), reason: struct('stopped') },
    ];
    const h = live('ping-pong', inputs);
    expect(h.inputs).toHaveLength(3);
    const back = ImportedHistory.fromText(native(h, 'ping-pong', inputs));
    expect(back.inputs).toEqual(h.inputs);
    expect(back.inputs.map((i) => i.input)).toEqual(inputs);
    for (let i = 0; i <= h.length; i += 3) expect(plain(back.modelAt(i))).toEqual(plain(h.modelAt(i)));
  });

  it('reads the header\'s ui field (where the exporting app stood), and refuses a malformed one', () => {
    const withUi = ImportedHistory.fromText(native(run, 'tcp-echo', [], '"ui":{"cursor":42}'));
    expect(withUi.ui).toEqual({ cursor: 42 });
    expect(imported.ui).toBeNull();
    expect(() => ImportedHistory.fromText(native(run, 'tcp-echo', [], '"ui":{"cursor":"x"}'))).toThrow(TraceParseError);
    try {
      readUiField({ ...withUi.header, ui: { cursor: -1 } } as never);
    } catch (e) {
      expect(e).toBeInstanceOf(TraceParseError);
      expect((e as TraceParseError).line).toBe(1);
      expect((e as TraceParseError).field).toBe('ui.cursor');
    }
  });

  it('refuses a damaged file naming the line and field', () => {
    const text = native(run, 'tcp-echo');
    const lines = text.split('\n');
    const rec = JSON.parse(lines[5]!);
    rec.vm = 'ground';
    lines[5] = JSON.stringify(rec);
    expect(() => ImportedHistory.fromText(lines.join('\n'))).toThrow(/^line 6, field vm: /);
    expect(() => ImportedHistory.fromText(text.split('\n').slice(0, 20).join('\n') + '\n')).toThrow(/^line 21: the file ends without its end line/);
  });
});
