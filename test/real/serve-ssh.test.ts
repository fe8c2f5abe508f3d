/**
 * ssh-nested on a real TCP port (issue 18, item 3): a Node client that reads as a real client does
 * (lines, then packets by their length prefix; test/helpers/ssh-client.ts) completes the version
 * exchange, the fake key exchange, user auth "none", a refused "x11" channel and an echoed "session"
 * channel, then closes it and disconnects; a hostile client (a 1 MiB length field after KEXINIT) gets
 * DISCONNECT and is closed, and another one talking HTTP too; the run's trace replays identically.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serve } from '../../src/cli/serve-main.ts';
import { replayTrace } from '../../src/debugger/replay/index.ts';
import { bytes, bytesToText } from '../../src/kernel/index.ts';
import { OPEN_FAILURE, versionLine, type SshMessage } from '../../src/scenarios/ssh/codec.ts';
import { DISCONNECT_REASON } from '../../src/scenarios/ssh/protocol-error.ts';
import { SSH_PORT, kexinit } from '../../src/scenarios/ssh/protocol.ts';
import { SCENARIOS } from '../../src/scenarios/index.ts';
import { args } from '../helpers/serve-real.ts';
import { SshClient } from '../helpers/ssh-client.ts';

const TIMEOUT_MS = 60_000;
/** The client's channel numbers and window (the server's window is 16 bytes: protocol.ts SERVER_WINDOW). */
const MY_CHANNEL = 3;
const MY_WINDOW = 1024;
const LINE = 'hi, real os2!\n';

const clientKexinit = (): SshMessage => ({ ...kexinit('real client 0001'), kex: ['curve25519-sha256', 'os2lab-fake-dh'] });

/** Version exchange and KEXINIT; returns the server's identification and its KEXINIT. */
async function hello(c: SshClient): Promise<{ version: string; kex: SshMessage }> {
  c.sendRaw(versionLine('OpenSSH_9.6-like real client'));
  const version = await c.readLine();
  c.send(clientKexinit());
  return { version, kex: await c.readMessage() };
}

/** Reads packets until a CHANNEL_DATA has brought `n` bytes in all; every packet read, in order. */
async function readEcho(c: SshClient, n: number): Promise<SshMessage[]> {
  const got: SshMessage[] = [];
  let bytesIn = 0;
  while (bytesIn < n) {
    const m = await c.readMessage();
    got.push(m);
    if (m.type === 'channel-data') bytesIn += m.data.length;
  }
  return got;
}

describe('npm run serve -- ssh-nested: a real client over TCP', () => {
  it('completes the whole conversation, a hostile client is disconnected, and the trace replays identically', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'os2-serve-ssh-')), 'ssh.jsonl');
    const log: string[] = [];
    const s = await serve(args('ssh-nested', '--out', out), (l) => log.push(l));
    expect(log).toContainEqual(expect.stringMatching(new RegExp(`^serving tcp 127\\.0\\.0\\.1:\\d+ \\(the program's port ${SSH_PORT}\\)$`)));
    const port = s.ground.addresses.find((a) => a.kind === 'tcp')!.realPort;

    const c = await SshClient.open(port);
    const { version, kex } = await hello(c);
    expect(version).toBe('SSH-2.0-os2lab');
    expect(kex).toMatchObject({ type: 'kexinit', kex: ['os2lab-fake-dh'], ciphersS2C: ['none'] });
    c.send({ type: 'kexdh-init', e: bytes('e=real') });
    const reply = await c.readMessage();
    expect(reply.type === 'kexdh-reply' && bytesToText(reply.signature)).toBe('signed(e=real)');
    expect(await c.readMessage()).toEqual({ type: 'newkeys' });
    // NEWKEYS and the next request in one write, as a real client may send them.
    c.send({ type: 'newkeys' }, { type: 'service-request', service: 'ssh-userauth' });
    expect(await c.readMessage()).toEqual({ type: 'service-accept', service: 'ssh-userauth' });
    c.send({ type: 'userauth-request', user: 'engineer', service: 'ssh-connection', method: 'none' });
    expect(await c.readMessage()).toEqual({ type: 'userauth-success' });

    c.send({ type: 'channel-open', channelType: 'x11', sender: 9, window: MY_WINDOW, maxPacket: 32768 });
    expect(await c.readMessage()).toMatchObject({ type: 'channel-open-failure', recipient: 9, code: OPEN_FAILURE.UNKNOWN_CHANNEL_TYPE });
    c.send({ type: 'channel-open', channelType: 'session', sender: MY_CHANNEL, window: MY_WINDOW, maxPacket: 32768 });
    const confirm = await c.readMessage();
    expect(confirm).toMatchObject({ type: 'channel-open-confirmation', recipient: MY_CHANNEL, window: 16 });
    const theirs = confirm.type === 'channel-open-confirmation' ? confirm.sender : -1;

    c.send({ type: 'channel-data', recipient: theirs, data: bytes(LINE) });
    const echo = await readEcho(c, LINE.length);
    // Our 14 bytes leave less than half the server's 16-byte window: it tops it up, and echoes.
    expect(echo.map((m) => m.type).sort()).toEqual(['channel-data', 'window-adjust']);
    expect(echo).toContainEqual({ type: 'window-adjust', recipient: MY_CHANNEL, bytes: LINE.length });
    expect(echo.flatMap((m) => (m.type === 'channel-data' ? [bytesToText(m.data)] : [])).join('')).toBe(LINE);

    c.send({ type: 'channel-eof', recipient: theirs });
    expect(await c.readMessage()).toEqual({ type: 'channel-eof', recipient: MY_CHANNEL });
    expect(await c.readMessage()).toEqual({ type: 'channel-close', recipient: MY_CHANNEL });
    c.send({ type: 'channel-close', recipient: theirs }, { type: 'disconnect', code: DISCONNECT_REASON.BY_APPLICATION, description: 'bye' });
    expect(await c.eof()).toBe(0);

    // Hostile: a packet whose length field says 1 MiB, after a good KEXINIT.
    const h = await SshClient.open(port);
    await hello(h);
    const bad = new Uint8Array(16);
    new DataView(bad.buffer).setUint32(0, 1 << 20);
    h.sendRaw(bad);
    expect(await h.readMessage()).toMatchObject({ type: 'disconnect', code: DISCONNECT_REASON.PROTOCOL_ERROR });
    expect(await h.eof()).toBe(0);
    // Not SSH at all.
    const web = await SshClient.open(port);
    web.sendRaw('GET / HTTP/1.1\r\nHost: localhost\r\n\r\n');
    expect(await web.readLine()).toBe('SSH-2.0-os2lab');
    expect(await web.readMessage()).toMatchObject({ type: 'disconnect', code: DISCONNECT_REASON.PROTOCOL_VERSION_NOT_SUPPORTED });
    expect(await web.eof()).toBe(0);

    // The server still serves a new client after all that.
    const again = await SshClient.open(port);
    expect((await hello(again)).version).toBe('SSH-2.0-os2lab');
    again.socket.destroy();

    const lines = await s.stop();
    expect(lines.at(-1)).toBe(`trace: ${out} (the whole run; replays against the simulated ground)`);
    const text = readFileSync(out, 'utf8');
    const r = replayTrace(text, SCENARIOS);
    expect(r.ok).toBe(true);
    expect(r.ok && r.steps).toBe(s.ground.current.sim.steps + 1);
    // Four connections' worth of real events are in the header, and the session VMs ran inside.
    const header = JSON.parse(text.slice(0, text.indexOf('\n'))) as { inputs: { kind: string; event?: { type: string } }[] };
    expect(header.inputs.filter((i) => i.event?.type === 'tcp-open')).toHaveLength(4);
    expect(text).toContain('"name":"ssh-session 4 127.0.0.1:');
  }, TIMEOUT_MS);
});
