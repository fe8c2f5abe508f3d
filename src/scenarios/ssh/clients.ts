/**
 * The scripted SSH clients both SSH scenarios serve. Their packets are real bytes built with the
 * codec. A scripted client cannot branch, so instead of parsing each reply's length prefix as a real
 * client would, it waits for the exact number of bytes the server's replies take (`expect-bytes`,
 * computed with the same codec): a server that said anything else would leave the client waiting,
 * which the tests would notice. What the client received is in the world's client-recv records.
 *
 *   alice (good)      version exchange, KEXINIT, fake KEXDH, NEWKEYS, ssh-userauth, auth "none",
 *                     an "x11" channel (refused: no application serves it), a "session" channel with
 *                     a 16-byte window both ways: two lines echoed (the second only partly, until the
 *                     client's WINDOW_ADJUST), CHANNEL_EOF/CLOSE, DISCONNECT, and the server closes
 *   bob (malformed)   version exchange and KEXINIT, then a packet whose length field says 1 MiB:
 *                     the server answers with DISCONNECT (protocol error) and closes
 */
import type { ClientSpec, ClientStep } from '../../kernel/ground/index.ts';
import { bytes } from '../../kernel/index.ts';
import { packet, versionLine, type SshMessage } from './codec.ts';
import { concatBytes } from './framing.ts';
import { DISCONNECT_REASON } from './protocol-error.ts';
import {
  CLIENT_SOFTWARE, KEX_ALGORITHM, SERVER_MAX_PACKET, SERVER_WINDOW, SSH_PORT, kexdhReply, kexinit, serverKexinit, unknownChannelType,
} from './protocol.ts';

/** The client's own channel number for its session channel, and the server's (the first it allocates). */
export const CLIENT_CHANNEL = 7;
export const SERVER_CHANNEL = 0;
export const CLIENT_WINDOW = 16;
export const LINES = ['hello, os2!\n', 'more data!\n'] as const;
export const BAD_LENGTH = 0x00100000;

const send = (...ms: SshMessage[]): ClientStep => ({ op: 'send', text: concatBytes(...ms.map(packet)) });
const expectPackets = (...ms: SshMessage[]): ClientStep => ({ op: 'expect-bytes', n: ms.reduce((n, m) => n + packet(m).length, 0) });
const data = (recipient: number, text: string): SshMessage => ({ type: 'channel-data', recipient, data: bytes(text) });
const adjust = (recipient: number, n: number): SshMessage => ({ type: 'window-adjust', recipient, bytes: n });

const clientKexinit = (): SshMessage => ({ ...kexinit('os2lab client   '), kex: [KEX_ALGORITHM, 'diffie-hellman-group14-sha256'] });
const E = bytes('e=client');

function alice(): ClientSpec {
  const [first, second] = LINES;
  const windowNow = CLIENT_WINDOW - first.length; // what is left of alice's window after the first echo
  return {
    name: 'alice', host: 'alice',
    steps: [
      { op: 'at', ms: 10 }, { op: 'connect', host: 'server', port: SSH_PORT },
      { op: 'send', text: versionLine(CLIENT_SOFTWARE) }, { op: 'expect-line' },
      send(clientKexinit()), expectPackets(serverKexinit()),
      send({ type: 'kexdh-init', e: E }), expectPackets(kexdhReply(E), { type: 'newkeys' }),
      send({ type: 'newkeys' }, { type: 'service-request', service: 'ssh-userauth' }),
      expectPackets({ type: 'service-accept', service: 'ssh-userauth' }),
      send({ type: 'userauth-request', user: 'alice', service: 'ssh-connection', method: 'none' }),
      expectPackets({ type: 'userauth-success' }),
      send({ type: 'channel-open', channelType: 'x11', sender: 8, window: CLIENT_WINDOW, maxPacket: 32768 }),
      expectPackets(unknownChannelType(8, 'x11')),
      send({ type: 'channel-open', channelType: 'session', sender: CLIENT_CHANNEL, window: CLIENT_WINDOW, maxPacket: 32768 }),
      expectPackets({ type: 'channel-open-confirmation', recipient: CLIENT_CHANNEL, sender: SERVER_CHANNEL, window: SERVER_WINDOW, maxPacket: SERVER_MAX_PACKET }),
      send(data(SERVER_CHANNEL, first)),
      expectPackets(adjust(CLIENT_CHANNEL, first.length), data(CLIENT_CHANNEL, first)),
      // The echo of the second line is bigger than what is left of alice's window: only part comes.
      send(data(SERVER_CHANNEL, second)),
      expectPackets(adjust(CLIENT_CHANNEL, second.length), data(CLIENT_CHANNEL, second.slice(0, windowNow))),
      { op: 'sleep', ms: 20 },
      send(adjust(SERVER_CHANNEL, CLIENT_WINDOW)),
      expectPackets(data(CLIENT_CHANNEL, second.slice(windowNow))),
      send({ type: 'channel-eof', recipient: SERVER_CHANNEL }),
      expectPackets({ type: 'channel-eof', recipient: CLIENT_CHANNEL }, { type: 'channel-close', recipient: CLIENT_CHANNEL }),
      send({ type: 'channel-close', recipient: SERVER_CHANNEL }, { type: 'disconnect', code: DISCONNECT_REASON.BY_APPLICATION, description: 'bye' }),
      { op: 'expect-eof' },
      { op: 'close' },
    ],
  };
}

function bob(): ClientSpec {
  const bad = new Uint8Array(16);
  new DataView(bad.buffer).setUint32(0, BAD_LENGTH);
  bad.set(bytes('garbage!'), 5);
  return {
    name: 'bob', host: 'bob',
    steps: [
      { op: 'at', ms: 40 }, { op: 'connect', host: 'server', port: SSH_PORT },
      { op: 'send', text: versionLine(CLIENT_SOFTWARE) }, { op: 'expect-line' },
      send(clientKexinit()), expectPackets(serverKexinit()),
      { op: 'send', text: bad },
      // Whatever the server says, until it closes (a DISCONNECT, then EOF).
      { op: 'expect-bytes', n: 1 << 20 }, { op: 'expect-eof' },
      { op: 'close' },
    ],
  };
}

export const sshClients = (): readonly ClientSpec[] => [alice(), bob()];
