/** `npm run sim -- ID --where EXPR | --break EXPR`, in-process (docs/queries.md, "The command line"). */
import { describe, expect, it } from 'vitest';
import { runSim } from '../../src/cli/sim-main.ts';

function sim(...args: string[]): { status: number; stdout: string; stderr: string; lines: Record<string, unknown>[] } {
  let stdout = '';
  let stderr = '';
  const status = runSim(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  const lines = stdout.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
  return { status, stdout, stderr, lines };
}

describe('--where', () => {
  it('prints one JSON line per hit and exits 0', () => {
    const r = sim('tcp-echo', '--where', 'first presence to listener on tcp-channel(tcp-address("alice", _), _, _)');
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0]).toMatchObject({ hit: 'record', id: 56, index: 55, time: 15 });
    expect(r.lines[0]!.text).toMatch(/^ground p2 deliver inbound-handler presence pub tcp-channel\(tcp-address\("alice", 49152\)/);
  });

  it('prints intervals with their durations, bindings and the processes concerned', () => {
    const r = sim('tcp-echo', '--where', 'knows to listener from ?p');
    expect(r.lines.map((l) => [l.hit, l.fromId, l.toId, l.process, l.endpoint, l.reason])).toEqual([
      ['knows', 56, 286, 'listener (2)', 'inbound-handler', 'false'],
      ['knows', 153, 220, 'listener (2)', 'inbound-handler', 'false'],
    ]);
    expect(r.lines.map((l) => l.bindings)).toEqual([{ p: [4] }, { p: [6] }]);
  });

  it('count and processes print one line each', () => {
    expect(sim('tcp-echo', '--where', 'count spawn').lines).toEqual([{ count: 10 }]);
    const p = sim('tcp-echo', '--where', 'processes message containing #"hello"').lines;
    expect(p.map((l) => l.process)).toEqual(['tcp-connection tcp-address("alice", 49152)', 'listener', 'connection-handler']);
  });

  it('exits 1 when nothing is found, printing nothing', () => {
    const r = sim('dns-proxy', '--where', 'first absence to question-dispatcher reason crash');
    expect([r.status, r.stdout, r.stderr]).toEqual([1, '', '']);
  });

  it('exits 2 for a bad expression, naming the column', () => {
    const r = sim('tcp-echo', '--where', 'presence to lisener on');
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('sim: --where: column 23: expected a term, found the end of the text\n');
    expect(sim('tcp-echo', '--break', 'presense').stderr).toMatch(/^sim: --break: column 1: expected a selection/);
  });

  it('is refused with --out, --pretty, the other mode, or a trace file', () => {
    expect(sim('tcp-echo', '--where', 'spawn', '--pretty').stderr).toMatch(/--out and --pretty are not allowed/);
    expect(sim('tcp-echo', '--where', 'spawn', '--break', 'spawn').stderr).toMatch(/either --where or --break/);
    expect(sim('--from', 'x.jsonl', '--where', 'spawn').stderr).toMatch(/--where is not allowed/);
  });

  it('keeps the scenario options (--query is the dns-proxy\'s own)', () => {
    const r = sim('dns-proxy', '--query', 'blog.test. A', '--where', 'processes message on dns-request(_, _, _) containing dns-question("blog.test.", _, _)');
    expect(r.status).toBe(0);
    expect(r.lines.map((l) => l.process)).toContain('packet-dispatcher');
  });
});

describe('--break', () => {
  it('stops at the first hit and prints the state there', () => {
    const r = sim('glitching', '--break', 'absence to careless-watcher');
    expect(r.status).toBe(0);
    expect(r.lines).toHaveLength(1);
    const b = r.lines[0]! as { break: { id: number }; process: { name: string; alive: boolean; state: unknown; queued: number }; run: { step: number } };
    expect(b.break.id).toBe(81);
    // Just after the absence, the watcher has recorded it and queued its quit: it is still alive.
    expect(b.process).toMatchObject({ name: 'careless-watcher', alive: true, state: { seen: ['present', 'absent'] }, queued: 1 });
    expect(b.run.step).toBe(8);
  });

  it('exits 1 when the run ends without a hit', () => {
    expect(sim('glitching', '--break', 'absence to careful-watcher').status).toBe(1);
  });
});
