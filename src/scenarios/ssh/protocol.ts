/**
 * The simplified SSH protocol both SSH scenarios speak: constants, and the pure decisions a server
 * makes (what KEXINIT it offers, whether a client's KEXINIT is acceptable, the fake key exchange
 * reply, the answer to a user-auth request, window bookkeeping). Both the nested-VM server and the
 * "natural" one-process server call these, so that they say byte-identical things to a client.
 *
 * Simplifications (stated once): the only cipher and MAC are `none`; the key exchange
 * "os2lab-fake-dh" has the shape of RFC 4253 §8 (KEXDH_INIT e → KEXDH_REPLY K_S, f, signature) but
 * its values are fixed strings; user auth accepts the method "none" (RFC 4252 §5.2); the only
 * channel type served is "session", whose application echoes what it receives.
 */
import { bytes, bytesToText } from '../../kernel/index.ts';
import { OPEN_FAILURE, type KexInit, type SshMessage } from './codec.ts';
import { SshProtocolError } from './protocol-error.ts';

export const SSH_PORT = 2222;
export const SERVER_SOFTWARE = 'os2lab';
export const CLIENT_SOFTWARE = 'os2lab-client';
export const KEX_ALGORITHM = 'os2lab-fake-dh';
export const HOST_KEY_ALGORITHM = 'ssh-os2lab';
/** The server's receive window per channel (deliberately tiny, so WINDOW_ADJUST shows). */
export const SERVER_WINDOW = 16;
export const SERVER_MAX_PACKET = 32768;
/** Auth must succeed within this many ms, or the session ends (a timer through the timer relay). */
export const LOGIN_GRACE_MS = 5000;

export function kexinit(cookie: string): KexInit {
  const c = new Uint8Array(16);
  c.set(bytes(cookie).subarray(0, 16));
  return {
    type: 'kexinit', cookie: c, kex: [KEX_ALGORITHM], hostKey: [HOST_KEY_ALGORITHM],
    ciphersC2S: ['none'], ciphersS2C: ['none'], macsC2S: ['none'], macsS2C: ['none'],
    compressionC2S: ['none'], compressionS2C: ['none'], firstKexFollows: false,
  };
}

export const serverKexinit = (): KexInit => kexinit('os2lab server   ');

/** Algorithm negotiation (RFC 4253 §7.1), reduced to: does the client accept ours? */
export function negotiate(client: KexInit): string {
  const lacks = (list: readonly string[], want: string, what: string): void => {
    if (!list.includes(want)) throw new SshProtocolError(`no common ${what} (client offers ${list.join(',') || 'nothing'})`, 'KEY_EXCHANGE_FAILED');
  };
  lacks(client.kex, KEX_ALGORITHM, 'key exchange');
  lacks(client.ciphersC2S, 'none', 'cipher');
  lacks(client.ciphersS2C, 'none', 'cipher');
  lacks(client.macsC2S, 'none', 'MAC');
  lacks(client.macsS2C, 'none', 'MAC');
  return 'none';
}

/** The fake Diffie-Hellman reply: K_S, f and a "signature" that merely names e. */
export function kexdhReply(e: Uint8Array): SshMessage {
  return { type: 'kexdh-reply', hostKey: bytes('os2lab-host-key'), f: bytes('server-f'), signature: bytes(`signed(${bytesToText(e)})`) };
}

/** USERAUTH_REQUEST → SUCCESS for method "none", else FAILURE listing "none". */
export function authReply(m: Extract<SshMessage, { type: 'userauth-request' }>): SshMessage {
  if (m.service !== 'ssh-connection') throw new SshProtocolError(`user auth for unknown service ${m.service}`, 'SERVICE_NOT_AVAILABLE');
  return m.method === 'none' ? { type: 'userauth-success' } : { type: 'userauth-failure', methods: ['none'], partial: false };
}

/** The CHANNEL_OPEN_FAILURE for a channel type no application serves. */
export const unknownChannelType = (recipient: number, channelType: string): SshMessage => ({
  type: 'channel-open-failure', recipient, code: OPEN_FAILURE.UNKNOWN_CHANNEL_TYPE, description: `no application serves ${channelType}`,
});

/**
 * The server's receive window after `n` bytes of CHANNEL_DATA, and the WINDOW_ADJUST to send
 * (0 = none): when less than half the window is left, top it back up.
 */
export function consumeWindow(window: number, n: number): { window: number; adjust: number } {
  if (n > window) throw new SshProtocolError(`channel data of ${n} bytes exceeds the window of ${window}`);
  const left = window - n;
  return left < SERVER_WINDOW / 2 ? { window: SERVER_WINDOW, adjust: SERVER_WINDOW - left } : { window: left, adjust: 0 };
}

/** Outbound data: how much of `pending` may go now, given the client's window and packet size. */
export const sendable = (pending: number, window: number, maxPacket: number): number => Math.min(pending, window, maxPacket);
