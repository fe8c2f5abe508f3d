/**
 * The stage's "what moved" (src/debugger/views/stage.ts, engine/stage-section.ts), on real runs:
 * nested-pool (a message into a nested VM through its relay, an at-meta-level send out of it, a
 * spawn inside it, a quit and the absence it causes), supervisor (a crash), tcp-echo (a message
 * from the world). Expected values are read off the trace (`npm run sim -- --pretty`), not the code.
 */
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/debugger/engine/engine.ts';
import { FULL_VIEW, type Frame } from '../../src/debugger/engine/frame.ts';
import { DEFAULT_ENV, initialState, type PlayerEnv } from '../../src/debugger/engine/player.ts';
import { STAGE_STEP_RECORDS } from '../../src/debugger/engine/stage-section.ts';
import { PresenceGraphBuilder } from '../../src/debugger/views/graph.ts';
import { PLAIN_PRINTER } from '../../src/debugger/views/printer.ts';
import { activeVms, EdgeIndex, recordMotions, type MotionContext } from '../../src/debugger/views/stage.ts';
import type { StageMotion } from '../../src/debugger/views/stage-types.ts';
import { prettyRecord, type TraceRecord } from '../../src/kernel/index.ts';
import { SCENARIOS, findScenario, startScenario } from '../../src/scenarios/index.ts';
import { TestHistory } from '../helpers/history.ts';

function run(id: string) {
  const h = new TestHistory(startScenario(findScenario(id)!)).growAll(200_000);
  const records = h.records;
  /** The index of the first record whose printed form matches. */
  const find = (re: RegExp, from = 0): number => {
    const i = records.findIndex((r, j) => j >= from && re.test(prettyRecord(r)));
    if (i === -1) throw new Error(`no record matches ${re}`);
    return i;
  };
  /** The motions of the record at `index`, with the graph at the cursor just after it. */
  const motions = (index: number): StageMotion[] => {
    const model = h.modelAt(index + 1);
    const graph = new PresenceGraphBuilder().build(model);
    const ctx: MotionContext = {
      byId: (id) => {
        const i = h.indexOfId(id);
        return i === null ? undefined : records[i];
      },
      print: PLAIN_PRINTER,
      edges: new EdgeIndex(graph),
      name: (key) => model.procs.get(key)?.name ?? key,
    };
    return recordMotions(records[index]!, index, ctx);
  };
  return { h, records, find, motions };
}

describe('stage motions: nested-pool', () => {
  const { find, motions, records } = run('nested-pool');

  it('a send-message action is a send by its process', () => {
    const i = find(/^#\d+\S* ground p2 action send-message job\(3\)/);
    expect(motions(i)).toEqual([
      { kind: 'send', index: i, proc: '2', meta: false, vm: 'ground', text: 'job(3)' },
    ]);
  });

  it('a message to a VM process goes along the edge to its relay port, then crosses inward', () => {
    const relayed = find(/ground p3 deliver 2\/jobs message job\(3\) => relayed/);
    expect(motions(relayed)).toEqual([
      {
        kind: 'deliver',
        index: relayed,
        text: 'job(3)',
        feedback: false,
        relayed: true,
        via: [],
        from: { node: '2', port: '2#ask' },
        to: { node: '3', port: '3#2/jobs' },
        edge: '2#ask→3#2/jobs',
      },
    ]);
    const inner = find(/ground\/3 p2 deliver jobs message job\(3\)/, relayed);
    expect(motions(inner)).toEqual([
      {
        kind: 'deliver',
        index: inner,
        text: 'job(3)',
        feedback: false,
        relayed: true,
        via: [],
        from: { node: '3', port: '3#2/jobs' },
        to: { node: '3/2', port: '3/2^jobs' },
        edge: '3/2^jobs⇢3#2/jobs',
      },
    ]);
  });

  it('a spawn inside the VM grows out of its parent', () => {
    const i = find(/ground\/3 p3 boot worker 3 parent 2/);
    expect(motions(i)).toEqual([
      { kind: 'spawn', index: i, parent: '3/2', child: '3/3', nested: false, text: 'worker 3' },
    ]);
  });

  it('an at-meta-level send leaves the VM: the delivery outside comes from the inner process, via the VM', () => {
    const send = find(/ground\/3 p3 action at-meta-level send-message result\(3, 9\)/);
    expect(motions(send)).toEqual([
      { kind: 'send', index: send, proc: '3/3', meta: true, vm: '3', text: 'result(3, 9)' },
    ]);
    const out = find(/ground p2 deliver answers message result\(3, 9\)/, send);
    expect(motions(out)).toEqual([
      {
        kind: 'deliver',
        index: out,
        text: 'result(3, 9)',
        feedback: false,
        relayed: false,
        from: { node: '3/3', port: null },
        via: ['3'],
        to: { node: '2', port: '2#answers' },
        edge: '3#2/results→2#answers',
      },
    ]);
  });

  it('a quit, and the absence it causes with its reason; a discarded delivery moves nothing', () => {
    const quit = find(/ground\/3 p3 quit false/);
    expect(motions(quit)).toEqual([
      { kind: 'quit', index: quit, proc: '3/3', name: 'worker 3', killedBy: null, text: 'false' },
    ]);
    const absence = find(/ground\/3 p1 deliver local-timer-expired absence/, quit);
    expect(motions(absence)).toEqual([
      {
        kind: 'absence',
        index: absence,
        text: 'timer-expired(["work", 3], ?0)',
        reason: 'false',
        from: { node: '3/3', port: '3/3#clock' },
        to: { node: '3/1', port: '3/1#local-timer-expired' },
        edge: '3/1#local-timer-expired→3/3#clock',
      },
    ]);
    const discarded = find(/ground\/3 p3 deliver clock absence .* => discarded/, quit);
    expect(motions(discarded)).toEqual([]);
  });

  it('the VMs active before a cursor: where records were, with the VMs around them', () => {
    const inner = find(/ground\/3 p2 deliver jobs message job\(3\)/);
    expect(activeVms(records, inner - 2, inner + 1)).toEqual(['3']);
    expect(activeVms(records, 0, 3)).toEqual([]);
  });
});

describe('stage motions: crashes and the world', () => {
  it('a crashing delivery is the delivery, then the crash with its reason', () => {
    const { find, motions } = run('supervisor');
    const i = find(/deliver .* => crashed/);
    const m = motions(i);
    expect(m.map((x) => x.kind)).toEqual(['deliver', 'crash']);
    expect(m[1]).toMatchObject({ kind: 'crash', text: expect.stringContaining('poison job') });
  });

  it('a delivery caused by a ground event comes from the world', () => {
    const { find, motions, records } = run('tcp-echo');
    const i = find(/deliver .* message/);
    const cause = records.find((r) => r.id === records[i]!.cause) as TraceRecord;
    expect(cause.kind).toBe('ground-event');
    expect(motions(i)).toEqual([
      expect.objectContaining({ kind: 'deliver', from: null, via: [], edge: null }),
    ]);
  });
});

describe('the stage section', () => {
  const env: PlayerEnv = { ...DEFAULT_ENV, scenarios: SCENARIOS, explore: false };

  function engine() {
    let t = 0;
    const eng = new Engine(env, initialState(env, findScenario('nested-pool')!), FULL_VIEW);
    const settle = (): Frame[] => {
      const out: Frame[] = [];
      for (let i = 0; i < 10_000; i++) {
        const r = eng.pump(() => t++, 10, true);
        t += 5;
        if (r.frame !== null) out.push(r.frame);
        if (r.next === 'idle') break;
      }
      return out;
    };
    const stage = (fs: Frame[]) =>
      fs
        .map((f) => f.stage)
        .filter((s) => s != null)
        .at(-1)!;
    return { eng, settle, stage };
  }

  it('a step forward moves what its record moved; a step back the same, from the later cursor', () => {
    const { eng, settle, stage } = engine();
    eng.dispatch({ type: 'jump', to: 69 });
    expect(stage(settle())).toMatchObject({ cursor: 69, move: 'jump' });
    eng.dispatch({ type: 'step' });
    const fwd = stage(settle());
    expect(fwd).toMatchObject({ cursor: 70, from: 69, move: 'step' });
    expect(fwd.motions.map((m) => [m.kind, m.index])).toEqual([['deliver', 69]]);
    expect(fwd.actors).toEqual(['2', '3']);
    eng.dispatch({ type: 'step-back' });
    const back = stage(settle());
    expect(back).toMatchObject({ cursor: 69, from: 70, move: 'step-back' });
    expect(back.motions).toEqual(fwd.motions);
  });

  it('a jump is not a step: only the record before the cursor, highlighted', () => {
    const { eng, settle, stage } = engine();
    settle();
    eng.dispatch({ type: 'jump', to: STAGE_STEP_RECORDS + 100 });
    const v = stage(settle());
    expect(v.move).toBe('jump');
    expect(v.from).toBe(STAGE_STEP_RECORDS + 99);
    expect(v.motions.every((m) => m.index === STAGE_STEP_RECORDS + 99)).toBe(true);
  });

  it('a short jump (a tour stop, a find, a click on a record) is a jump too, however few records it moves', () => {
    const { eng, settle, stage } = engine();
    eng.dispatch({ type: 'jump', to: 60 });
    settle();
    // Under the old rule (a move of at most STAGE_STEP_RECORDS records is a step) all of 60…69 moved.
    eng.dispatch({ type: 'jump', to: 70 });
    const v = stage(settle());
    expect(v).toMatchObject({ cursor: 70, from: 69, move: 'jump' });
    expect(v.motions.map((m) => m.index)).toEqual([69]);
    eng.dispatch({ type: 'jump', to: 66 });
    expect(stage(settle())).toMatchObject({ cursor: 66, from: 65, move: 'jump' });
    // A find lands as a jump: nested-pool's first delivery of job(3) to the pool's relay port.
    eng.dispatch({ type: 'find', position: { match: { kind: 'deliver', text: 'job(3)' } }, label: 'job 3', ticket: 1 });
    const f = stage(settle());
    expect(f.cursor).not.toBe(66);
    expect(Math.abs(f.cursor - 66)).toBeLessThan(STAGE_STEP_RECORDS);
    expect(f.move).toBe('jump');
    expect(f.motions.every((m) => m.index === f.cursor - 1)).toBe(true);
  });

  it('a step of several records by hand animates every record it crossed, in order', () => {
    const { eng, settle, stage } = engine();
    eng.dispatch({ type: 'jump', to: 66 });
    settle();
    eng.dispatch({ type: 'step-by', by: 4 });
    const v = stage(settle());
    expect(v).toMatchObject({ cursor: 70, from: 66, move: 'step' });
    const indexes = v.motions.map((m) => m.index);
    expect(indexes).toContain(69);
    expect(indexes.every((i) => i >= 66 && i < 70)).toBe(true);
    expect([...indexes].sort((a, b) => a - b)).toEqual(indexes);
  });

  it('a face that missed a jump (a step came before the next frame) draws a jump', () => {
    const { eng, settle, stage } = engine();
    eng.dispatch({ type: 'jump', to: 60 });
    settle();
    eng.dispatch({ type: 'jump', to: 66 });
    eng.dispatch({ type: 'step' });
    expect(stage(settle())).toMatchObject({ cursor: 67, move: 'jump' });
    eng.dispatch({ type: 'step' });
    expect(stage(settle())).toMatchObject({ cursor: 68, from: 67, move: 'step' });
  });

  it('where nothing moves, the record at the cursor is said in words', () => {
    const { eng, settle, stage } = engine();
    // nested-pool's trace: "#19<-7 ground p1 action add-role timer-expired-publisher pub timer-expired(?0, ?1)"
    // — the timer driver performs its add-role action; the endpoint record comes after it.
    const at = run('nested-pool').find(/^#19<-7 ground p1 action add-role/);
    eng.dispatch({ type: 'jump', to: at + 1 });
    const v = stage(settle());
    expect(v.motions).toEqual([]);
    expect(v.record).toBe('p1 timer asserted a publisher timer-expired-publisher: timer-expired(?0, ?1)');
  });

  it('the conversation, on request: the processes of the cursor’s chain of causes', () => {
    const { eng, settle, stage } = engine();
    eng.setView({ ...FULL_VIEW, stage: { conversation: true } });
    eng.dispatch({ type: 'jump', to: 72 });
    const v = stage(settle());
    // record 71 (ground/3 p2's spawn of worker 3) was caused, through the relay, by requester p2's send.
    expect(v.conversation).toEqual(expect.arrayContaining(['2', '3', '3/2']));
  });
});
