/**
 * A small, pure SSH wire codec: the messages of RFC 4253 (transport), RFC 4252 (user auth) and
 * RFC 4254 (connection) that the os2 Lab SSH scenarios speak. Real bytes, message numbers per
 * RFC 4250; no cryptography: the only cipher is `none`, there is no MAC, and the key exchange is a
 * simplified, fake Diffie-Hellman (its "keys" are fixed strings) kept only to show the step.
 * The byte layers below it: framing.ts (binary packets), fields.ts (field types); what it throws:
 * protocol-error.ts.
 *
 * Data definitions:
 *   Payload = byte message number ‖ fields (fields.ts)
 *   SshMessage: the decoded view of a payload, one case per message below.
 * Rules: encodeMessage(m) / decodeMessage(payload) are inverse; decode throws SshProtocolError on
 * truncated or trailing bytes. Unknown message numbers decode to { type: 'unknown' }.
 */
import { FieldReader, FieldWriter, textDecoder } from './fields.ts';
import { frame } from './framing.ts';
import { SshProtocolError } from './protocol-error.ts';

// ---- message numbers (RFC 4250 §4.1) and channel-open failure codes -------------------------------

export const MSG = {
  DISCONNECT: 1,
  IGNORE: 2,
  UNIMPLEMENTED: 3,
  SERVICE_REQUEST: 5,
  SERVICE_ACCEPT: 6,
  KEXINIT: 20,
  NEWKEYS: 21,
  KEXDH_INIT: 30,
  KEXDH_REPLY: 31,
  USERAUTH_REQUEST: 50,
  USERAUTH_FAILURE: 51,
  USERAUTH_SUCCESS: 52,
  CHANNEL_OPEN: 90,
  CHANNEL_OPEN_CONFIRMATION: 91,
  CHANNEL_OPEN_FAILURE: 92,
  CHANNEL_WINDOW_ADJUST: 93,
  CHANNEL_DATA: 94,
  CHANNEL_EOF: 96,
  CHANNEL_CLOSE: 97,
} as const;

const MSG_NAMES: ReadonlyMap<number, string> = new Map(Object.entries(MSG).map(([k, v]) => [v, k]));

/** "KEXINIT" for 20, "MSG_77" for an unknown number. */
export const messageName = (n: number): string => MSG_NAMES.get(n) ?? `MSG_${n}`;

/** CHANNEL_OPEN_FAILURE reason codes (RFC 4254 §5.1). */
export const OPEN_FAILURE = { ADMINISTRATIVELY_PROHIBITED: 1, CONNECT_FAILED: 2, UNKNOWN_CHANNEL_TYPE: 3, RESOURCE_SHORTAGE: 4 } as const;

// ---- version exchange (RFC 4253 §4.2) ---------------------------------------------------------------

/** The identification line, with its CR LF. */
export const versionLine = (software: string): string => `SSH-2.0-${software}\r\n`;

/** Checks a received identification line (without its line end); returns the software version. */
export function parseVersion(line: string): string {
  const text = line.replace(/\r?\n?$/, '');
  if (!text.startsWith('SSH-2.0-')) throw new SshProtocolError(`not an SSH-2.0 identification: ${JSON.stringify(text.slice(0, 40))}`, 'PROTOCOL_VERSION_NOT_SUPPORTED');
  return text.slice('SSH-2.0-'.length);
}

// ---- messages ---------------------------------------------------------------------------------------

export interface KexInit {
  readonly type: 'kexinit';
  readonly cookie: Uint8Array;
  readonly kex: readonly string[];
  readonly hostKey: readonly string[];
  readonly ciphersC2S: readonly string[];
  readonly ciphersS2C: readonly string[];
  readonly macsC2S: readonly string[];
  readonly macsS2C: readonly string[];
  readonly compressionC2S: readonly string[];
  readonly compressionS2C: readonly string[];
  readonly firstKexFollows: boolean;
}

export type SshMessage =
  | { readonly type: 'disconnect'; readonly code: number; readonly description: string }
  | { readonly type: 'service-request'; readonly service: string }
  | { readonly type: 'service-accept'; readonly service: string }
  | KexInit
  | { readonly type: 'newkeys' }
  | { readonly type: 'kexdh-init'; readonly e: Uint8Array }
  | { readonly type: 'kexdh-reply'; readonly hostKey: Uint8Array; readonly f: Uint8Array; readonly signature: Uint8Array }
  | { readonly type: 'userauth-request'; readonly user: string; readonly service: string; readonly method: string }
  | { readonly type: 'userauth-failure'; readonly methods: readonly string[]; readonly partial: boolean }
  | { readonly type: 'userauth-success' }
  | { readonly type: 'channel-open'; readonly channelType: string; readonly sender: number; readonly window: number; readonly maxPacket: number }
  | { readonly type: 'channel-open-confirmation'; readonly recipient: number; readonly sender: number; readonly window: number; readonly maxPacket: number }
  | { readonly type: 'channel-open-failure'; readonly recipient: number; readonly code: number; readonly description: string }
  | { readonly type: 'window-adjust'; readonly recipient: number; readonly bytes: number }
  | { readonly type: 'channel-data'; readonly recipient: number; readonly data: Uint8Array }
  | { readonly type: 'channel-eof'; readonly recipient: number }
  | { readonly type: 'channel-close'; readonly recipient: number }
  | { readonly type: 'unknown'; readonly number: number };

export function encodeMessage(m: SshMessage): Uint8Array {
  const w = new FieldWriter();
  switch (m.type) {
    case 'disconnect':
      return w.byte(MSG.DISCONNECT).u32(m.code).string(m.description).string('').done();
    case 'service-request':
      return w.byte(MSG.SERVICE_REQUEST).string(m.service).done();
    case 'service-accept':
      return w.byte(MSG.SERVICE_ACCEPT).string(m.service).done();
    case 'kexinit':
      if (m.cookie.length !== 16) throw new Error('a KEXINIT cookie is 16 bytes');
      return w.byte(MSG.KEXINIT).raw(m.cookie)
        .nameList(m.kex).nameList(m.hostKey).nameList(m.ciphersC2S).nameList(m.ciphersS2C)
        .nameList(m.macsC2S).nameList(m.macsS2C).nameList(m.compressionC2S).nameList(m.compressionS2C)
        .nameList([]).nameList([]).bool(m.firstKexFollows).u32(0).done();
    case 'newkeys':
      return w.byte(MSG.NEWKEYS).done();
    case 'kexdh-init':
      return w.byte(MSG.KEXDH_INIT).string(m.e).done();
    case 'kexdh-reply':
      return w.byte(MSG.KEXDH_REPLY).string(m.hostKey).string(m.f).string(m.signature).done();
    case 'userauth-request':
      return w.byte(MSG.USERAUTH_REQUEST).string(m.user).string(m.service).string(m.method).done();
    case 'userauth-failure':
      return w.byte(MSG.USERAUTH_FAILURE).nameList(m.methods).bool(m.partial).done();
    case 'userauth-success':
      return w.byte(MSG.USERAUTH_SUCCESS).done();
    case 'channel-open':
      return w.byte(MSG.CHANNEL_OPEN).string(m.channelType).u32(m.sender).u32(m.window).u32(m.maxPacket).done();
    case 'channel-open-confirmation':
      return w.byte(MSG.CHANNEL_OPEN_CONFIRMATION).u32(m.recipient).u32(m.sender).u32(m.window).u32(m.maxPacket).done();
    case 'channel-open-failure':
      return w.byte(MSG.CHANNEL_OPEN_FAILURE).u32(m.recipient).u32(m.code).string(m.description).string('').done();
    case 'window-adjust':
      return w.byte(MSG.CHANNEL_WINDOW_ADJUST).u32(m.recipient).u32(m.bytes).done();
    case 'channel-data':
      return w.byte(MSG.CHANNEL_DATA).u32(m.recipient).string(m.data).done();
    case 'channel-eof':
      return w.byte(MSG.CHANNEL_EOF).u32(m.recipient).done();
    case 'channel-close':
      return w.byte(MSG.CHANNEL_CLOSE).u32(m.recipient).done();
    case 'unknown':
      return w.byte(m.number).done();
  }
}

export function decodeMessage(payload: Uint8Array): SshMessage {
  if (payload.length === 0) throw new SshProtocolError('empty payload');
  const n = payload[0]!;
  const r = new FieldReader(payload.subarray(1), messageName(n));
  // The message number ranges of RFC 4250 §4.1: 1–49 transport, 50–79 user auth, 80–127 connection.
  if (n < 50) return decodeTransport(n, r);
  if (n < 80) return decodeUserAuth(n, r);
  return decodeConnection(n, r);
}

function decodeTransport(n: number, r: FieldReader): SshMessage {
  switch (n) {
    case MSG.DISCONNECT: {
      const code = r.u32();
      const description = r.text();
      r.text(); // language tag
      return r.done({ type: 'disconnect', code, description });
    }
    case MSG.SERVICE_REQUEST:
      return r.done({ type: 'service-request', service: r.text() });
    case MSG.SERVICE_ACCEPT:
      return r.done({ type: 'service-accept', service: r.text() });
    case MSG.KEXINIT:
      return decodeKexinit(r);
    case MSG.NEWKEYS:
      return r.done({ type: 'newkeys' });
    case MSG.KEXDH_INIT:
      return r.done({ type: 'kexdh-init', e: r.bytes() });
    case MSG.KEXDH_REPLY: {
      const hostKey = r.bytes();
      const f = r.bytes();
      return r.done({ type: 'kexdh-reply', hostKey, f, signature: r.bytes() });
    }
    default:
      return { type: 'unknown', number: n };
  }
}

function decodeKexinit(r: FieldReader): KexInit {
  const cookie = r.raw(16);
  const lists = Array.from({ length: 10 }, () => r.nameList());
  const firstKexFollows = r.bool();
  r.u32(); // reserved
  const [kex, hostKey, ciphersC2S, ciphersS2C, macsC2S, macsS2C, compressionC2S, compressionS2C] = lists as [string[], string[], string[], string[], string[], string[], string[], string[]];
  return r.done({ type: 'kexinit', cookie, kex, hostKey, ciphersC2S, ciphersS2C, macsC2S, macsS2C, compressionC2S, compressionS2C, firstKexFollows });
}

function decodeUserAuth(n: number, r: FieldReader): SshMessage {
  switch (n) {
    case MSG.USERAUTH_REQUEST: {
      const user = r.text();
      const service = r.text();
      const method = r.text();
      // Method-specific fields (a password, a key) may follow; "none" has none. Ignore the rest.
      return { type: 'userauth-request', user, service, method };
    }
    case MSG.USERAUTH_FAILURE: {
      const methods = r.nameList();
      return r.done({ type: 'userauth-failure', methods, partial: r.bool() });
    }
    case MSG.USERAUTH_SUCCESS:
      return r.done({ type: 'userauth-success' });
    default:
      return { type: 'unknown', number: n };
  }
}

function decodeConnection(n: number, r: FieldReader): SshMessage {
  switch (n) {
    case MSG.CHANNEL_OPEN: {
      const channelType = r.text();
      const sender = r.u32();
      const window = r.u32();
      return r.done({ type: 'channel-open', channelType, sender, window, maxPacket: r.u32() });
    }
    case MSG.CHANNEL_OPEN_CONFIRMATION: {
      const recipient = r.u32();
      const sender = r.u32();
      const window = r.u32();
      return r.done({ type: 'channel-open-confirmation', recipient, sender, window, maxPacket: r.u32() });
    }
    case MSG.CHANNEL_OPEN_FAILURE: {
      const recipient = r.u32();
      const code = r.u32();
      const description = r.text();
      r.text(); // language tag
      return r.done({ type: 'channel-open-failure', recipient, code, description });
    }
    case MSG.CHANNEL_WINDOW_ADJUST: {
      const recipient = r.u32();
      return r.done({ type: 'window-adjust', recipient, bytes: r.u32() });
    }
    case MSG.CHANNEL_DATA: {
      const recipient = r.u32();
      return r.done({ type: 'channel-data', recipient, data: r.bytes() });
    }
    case MSG.CHANNEL_EOF:
      return r.done({ type: 'channel-eof', recipient: r.u32() });
    case MSG.CHANNEL_CLOSE:
      return r.done({ type: 'channel-close', recipient: r.u32() });
    default:
      return { type: 'unknown', number: n };
  }
}

/** A framed message: what goes on the wire. */
export const packet = (m: SshMessage): Uint8Array => frame(encodeMessage(m));

/** One line per message, for transcripts and tests: "CHANNEL_DATA 7 \"hello\\n\"". */
export function describeMessage(m: SshMessage): string {
  switch (m.type) {
    case 'disconnect':
      return `DISCONNECT ${m.code} ${JSON.stringify(m.description)}`;
    case 'service-request':
      return `SERVICE_REQUEST ${m.service}`;
    case 'service-accept':
      return `SERVICE_ACCEPT ${m.service}`;
    case 'kexinit':
      return `KEXINIT kex=${m.kex.join(',')} cipher=${m.ciphersS2C.join(',')} mac=${m.macsS2C.join(',')}`;
    case 'newkeys':
      return 'NEWKEYS';
    case 'kexdh-init':
      return `KEXDH_INIT e=${textDecoder.decode(m.e)}`;
    case 'kexdh-reply':
      return `KEXDH_REPLY host-key=${textDecoder.decode(m.hostKey)} f=${textDecoder.decode(m.f)}`;
    case 'userauth-request':
      return `USERAUTH_REQUEST ${m.user} ${m.service} ${m.method}`;
    case 'userauth-failure':
      return `USERAUTH_FAILURE ${m.methods.join(',')}`;
    case 'userauth-success':
      return 'USERAUTH_SUCCESS';
    case 'channel-open':
      return `CHANNEL_OPEN ${m.channelType} sender=${m.sender} window=${m.window} max-packet=${m.maxPacket}`;
    case 'channel-open-confirmation':
      return `CHANNEL_OPEN_CONFIRMATION ${m.recipient} sender=${m.sender} window=${m.window} max-packet=${m.maxPacket}`;
    case 'channel-open-failure':
      return `CHANNEL_OPEN_FAILURE ${m.recipient} ${m.code} ${JSON.stringify(m.description)}`;
    case 'window-adjust':
      return `CHANNEL_WINDOW_ADJUST ${m.recipient} +${m.bytes}`;
    case 'channel-data':
      return `CHANNEL_DATA ${m.recipient} ${JSON.stringify(textDecoder.decode(m.data))}`;
    case 'channel-eof':
      return `CHANNEL_EOF ${m.recipient}`;
    case 'channel-close':
      return `CHANNEL_CLOSE ${m.recipient}`;
    case 'unknown':
      return messageName(m.number);
  }
}
