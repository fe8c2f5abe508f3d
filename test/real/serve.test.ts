/**
 * The real ground (issue 18): `serve` on ephemeral loopback ports with real clients — Node's net and
 * dgram with dns-packet — then the recorded trace replayed against the simulated ground (same hashes)
 * and opened through the reader the browser's trace import uses. Hostile datagrams and a client that
 * never reads do not stop it.
 */
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serve } from '../../src/cli/serve-main.ts';
import { RecordedBuilder } from '../../src/debugger/engine/recorded.ts';
import { runConfigFromHeader } from '../../src/debugger/replay/index.ts';
import { TraceReader } from '../../src/debugger/trace/index.ts';
import { SCENARIOS } from '../../src/scenarios/index.ts';
import { args, query, replayed, served } from '../helpers/serve-real.ts';

const dir = mkdtempSync(join(tmpdir(), 'os2-serve-'));

/** A TCP conversation: send each line, wait until `until` says the transcript is complete, close. */
function talk(port: number, lines: string[], until: (got: string) => boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    let got = '';
    const s = connect(port, '127.0.0.1', () => s.write(lines.join('')));
    s.on('data', (d) => {
      got += d.toString('utf8');
      if (until(got)) s.end();
    });
    s.on('error', reject);
    s.on('close', () => resolve(got));
  });
}

describe('npm run serve: the talk\'s servers on real sockets', () => {
  it('tcp-echo answers a real client line by line; the trace replays with the same hashes and opens as a recorded trace', async () => {
    const out = join(dir, 'echo.jsonl');
    const log: string[] = [];
    const s = await serve(args('tcp-echo', '--out', out), (l) => log.push(l));
    expect(log[0]).toMatch(/^serving tcp 127\.0\.0\.1:\d+ \(the program's port 5999\)$/);
    const got = await talk(served(s, 'tcp'), ['hello\n', 'world\n'], (t) => t.split('\n').length > 2);
    expect(got).toBe('You said: hello\nYou said: world\n');
    const lines = await s.stop();
    expect(lines.at(-1)).toBe(`trace: ${out} (the whole run; replays against the simulated ground)`);
    const r = replayed(out);
    expect(r.ok).toBe(true);
    const text = readFileSync(out, 'utf8');
    // as the browser's trace import reads a file (ui/engine/io/trace-import.ts)
    const reader = new TraceReader();
    const b = new RecordedBuilder();
    for (const l of text.split('\n')) {
      if (l === '') continue;
      const item = reader.line(l);
      if (item.type === 'header') runConfigFromHeader(item.header, SCENARIOS, item.line);
      b.push(item);
    }
    const rec = b.finish();
    expect(rec.header.inputs.filter((i) => i.kind === 'external').length).toBeGreaterThanOrEqual(3);
    expect(rec.unapplied).toEqual([]);
  });

  it('tcp-date sends the real time (ms since the run started) and closes', async () => {
    const s = await serve(args('tcp-date'), () => undefined);
    const t0 = Date.now();
    const got = await talk(served(s, 'tcp'), [], () => false);
    const elapsed = Date.now() - t0;
    await s.stop();
    expect(got).toMatch(/^\d+\n$/);
    expect(Number(got.trim())).toBeLessThanOrEqual(elapsed + 1_000);
  });

  it('dns-proxy answers dns-packet queries over UDP: A, a CNAME chain, NXDOMAIN, a cache hit; survives hostile datagrams; replays', async () => {
    const out = join(dir, 'dns.jsonl');
    const s = await serve(args('dns-proxy', '--out', out), () => undefined);
    const port = served(s, 'udp');
    const hostile = createSocket('udp4');
    for (const junk of [Buffer.from([1, 2, 3]), Buffer.alloc(512, 0xff), Buffer.from('c00cc00cc00c0001', 'hex')]) hostile.send(junk, port, '127.0.0.1');
    const a = await query(port, 'www.shop.test', 'A', 1);
    expect(a.rcode).toBe('NOERROR');
    expect(a.answers.map((r) => `${r.name} ${r.type} ${String(r.data)}`)).toEqual([
      'www.shop.test CNAME shop.cdn.example', 'shop.cdn.example CNAME edge.cdn.example',
      'edge.cdn.example A 198.51.100.80', 'edge.cdn.example A 198.51.100.81',
    ]);
    const nx = await query(port, 'nope.shop.test', 'A', 2);
    expect(nx.rcode).toBe('NXDOMAIN');
    const steps = s.ground.current.sim.steps;
    const world = s.ground.current.sim.world.net;
    const inflightBefore = world.seq;
    const again = await query(port, 'www.shop.test', 'A', 3);
    expect(again.answers).toHaveLength(4);
    // a cache hit: no packet went upstream (the world's packet counter moved by the reply only)
    expect(s.ground.current.sim.world.net.seq - inflightBefore).toBe(1);
    expect(s.ground.current.sim.steps).toBeGreaterThan(steps);
    hostile.close();
    await s.stop();
    expect(replayed(out).ok).toBe(true);
  });

  it('a client that never reads does not stop the server answering another', async () => {
    const s = await serve(args('tcp-echo'), () => undefined);
    const port = served(s, 'tcp');
    const stalled = connect(port, '127.0.0.1');
    stalled.pause();
    await new Promise<void>((r) => stalled.on('connect', () => r()));
    const big = `${'x'.repeat(1000)}\n`.repeat(600);
    stalled.write(big);
    const got = await talk(port, ['still here\n'], (t) => t.includes('\n'));
    expect(got).toBe('You said: still here\n');
    stalled.destroy();
    await s.stop();
  });
});
