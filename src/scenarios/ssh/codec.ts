/**
 * A small, pure SSH wire codec: the part of RFC 4253 (transport), RFC 4252 (user auth) and RFC 4254
 * (connection) that the os2 Lab SSH scenarios speak. Real bytes, big-endian, message numbers per
 * RFC 4250; no cryptography: the only cipher is `none`, there is no MAC, and the key exchange is a
 * simplified, fake Diffie-Hellman (its "keys" are fixed strings) kept only to show the step.
 *
 * Data definitions:
 *   Frame   = uint32 packet_length ‖ byte padding_length ‖ payload ‖ padding      (RFC 4253 §6)
 *             packet_length = 1 + |payload| + padding_length; 4 ≤ padding_length < 256;
 *             (4 + packet_length) is a multiple of 8 (the block size of `none`); padding is zeros
 *             here (the RFC wants random bytes; zeros keep runs byte-identical)
 *   Payload = byte message number ‖ fields, each one of
 *             byte, boolean (one byte), uint32 (big-endian), string (uint32 length ‖ bytes),
 *             name-list (a string of comma-separated names)                         (RFC 4251 §5)
 *   SshMessage: the decoded view of a payload, one case per message below.
 * Rules:
 *   frame(payload) → bytes; deframe(buf) → { payload, rest } | null (incomplete) and
 *   frameNeeds(buf) → how many more bytes complete the next frame; both throw SshProtocolError
 *   as soon as the 4 length bytes show a bad packet_length, and on a bad padding_length.
 *   encodeMessage(m) / decodeMessage(payload) are inverse; decode throws SshProtocolError on
 *   truncated or trailing bytes. Unknown message numbers decode to { type: 'unknown' }.
 */
import { isStruct, type Term } from '../../kernel/index.ts';

// ---- message numbers (RFC 4250 §4.1) and disconnect reason codes (§4.2.2) --------------------------

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

export const DISCONNECT_REASON = {
  PROTOCOL_ERROR: 2,
  KEY_EXCHANGE_FAILED: 3,
  SERVICE_NOT_AVAILABLE: 7,
  PROTOCOL_VERSION_NOT_SUPPORTED: 8,
  BY_APPLICATION: 11,
} as const;
export type DisconnectReasonName = keyof typeof DISCONNECT_REASON;

/** CHANNEL_OPEN_FAILURE reason codes (RFC 4254 §5.1). */
export const OPEN_FAILURE = { ADMINISTRATIVELY_PROHIBITED: 1, CONNECT_FAILED: 2, UNKNOWN_CHANNEL_TYPE: 3, RESOURCE_SHORTAGE: 4 } as const;

// ---- the protocol error -----------------------------------------------------------------------------

/**
 * What the codec (and the SSH processes) throw when the peer breaks the protocol. The kernel turns
 * the throw into the crash reason exn("SshProtocolError", "<CODE>: <description>"), which is how
 * the session VM's exception handler recognises it (see protocolErrorOf).
 */
export class SshProtocolError extends Error {
  override readonly name = 'SshProtocolError';
  readonly code: DisconnectReasonName;
  readonly description: string;
  constructor(description: string, code: DisconnectReasonName = 'PROTOCOL_ERROR') {
    super(`${code}: ${description}`);
    this.code = code;
    this.description = description;
  }
}

/** A crash reason term (exn(name, message)) → the SSH protocol error it carries, if it is one. */
export function protocolErrorOf(reason: Term): { code: number; codeName: DisconnectReasonName; description: string } | null {
  if (!isStruct(reason, 'exn', 2) || reason.fields[0] !== 'SshProtocolError' || typeof reason.fields[1] !== 'string') return null;
  const message = reason.fields[1];
  const m = /^([A-Z_]+): ([^]*)$/.exec(message);
  const known = m !== null && Object.hasOwn(DISCONNECT_REASON, m[1]!);
  const codeName: DisconnectReasonName = known ? (m[1] as DisconnectReasonName) : 'PROTOCOL_ERROR';
  return { code: DISCONNECT_REASON[codeName], codeName, description: known ? m[2]! : message };
}

// ---- version exchange (RFC 4253 §4.2) ---------------------------------------------------------------

/** The identification line, with its CR LF. */
export const versionLine = (software: string): string => `SSH-2.0-${software}\r\n`;

/** Checks a received identification line (without its line end); returns the software version. */
export function parseVersion(line: string): string {
  const text = line.replace(/\r?\n?$/, '');
  if (!text.startsWith('SSH-2.0-')) throw new SshProtocolError(`not an SSH-2.0 identification: ${JSON.stringify(text.slice(0, 40))}`, 'PROTOCOL_VERSION_NOT_SUPPORTED');
  return text.slice('SSH-2.0-'.length);
}

// ---- binary packet framing (RFC 4253 §6) ------------------------------------------------------------

export const BLOCK_SIZE = 8;
/** The largest packet_length we accept (RFC 4253 §6.1: at least 35000 bytes must be supported). */
export const MAX_PACKET_LENGTH = 35000;
const MIN_PACKET_LENGTH = 12; // a whole packet is at least 16 bytes

const u32At = (b: Uint8Array, i: number): number => ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0;

export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Frames a payload with the `none` cipher: length, padding length, payload, zero padding. */
export function frame(payload: Uint8Array): Uint8Array {
  let padding = BLOCK_SIZE - ((5 + payload.length) % BLOCK_SIZE);
  if (padding < 4) padding += BLOCK_SIZE;
  const packetLength = 1 + payload.length + padding;
  const out = new Uint8Array(4 + packetLength);
  new DataView(out.buffer).setUint32(0, packetLength);
  out[4] = padding;
  out.set(payload, 5);
  return out;
}

function checkLength(packetLength: number): void {
  if (packetLength < MIN_PACKET_LENGTH || packetLength > MAX_PACKET_LENGTH || (4 + packetLength) % BLOCK_SIZE !== 0) {
    throw new SshProtocolError(`bad packet length ${packetLength}`);
  }
}

/** How many more bytes complete the frame at the start of `buf` (0: it is complete). */
export function frameNeeds(buf: Uint8Array): number {
  if (buf.length < 4) return 4 - buf.length;
  const packetLength = u32At(buf, 0);
  checkLength(packetLength);
  return Math.max(0, 4 + packetLength - buf.length);
}

/** The payload of the first frame in `buf` and the bytes after it, or null if it is incomplete. */
export function deframe(buf: Uint8Array): { payload: Uint8Array; rest: Uint8Array } | null {
  if (frameNeeds(buf) > 0) return null;
  const packetLength = u32At(buf, 0);
  const padding = buf[4]!;
  if (padding < 4 || padding > packetLength - 2) throw new SshProtocolError(`bad padding length ${padding}`);
  return { payload: buf.slice(5, 4 + packetLength - padding), rest: buf.slice(4 + packetLength) };
}

/** Every complete frame's payload in `buf` (for transcripts); throws on malformed framing. */
export function deframeAll(buf: Uint8Array): { payloads: Uint8Array[]; rest: Uint8Array } {
  const payloads: Uint8Array[] = [];
  let rest = buf;
  for (let f = deframe(rest); f !== null; f = deframe(rest)) {
    payloads.push(f.payload);
    rest = f.rest;
  }
  return { payloads, rest };
}

// ---- field encoding (RFC 4251 §5) -------------------------------------------------------------------

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: false });

class Writer {
  private readonly parts: Uint8Array[] = [];
  byte(n: number): this {
    this.parts.push(Uint8Array.of(n & 0xff));
    return this;
  }
  bool(b: boolean): this {
    return this.byte(b ? 1 : 0);
  }
  u32(n: number): this {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, n >>> 0);
    this.parts.push(b);
    return this;
  }
  raw(b: Uint8Array): this {
    this.parts.push(b);
    return this;
  }
  string(s: string | Uint8Array): this {
    const b = typeof s === 'string' ? encoder.encode(s) : s;
    return this.u32(b.length).raw(b);
  }
  nameList(names: readonly string[]): this {
    return this.string(names.join(','));
  }
  done(): Uint8Array {
    return concatBytes(...this.parts);
  }
}

class Reader {
  private at = 0;
  constructor(private readonly b: Uint8Array, private readonly what: string) {}
  private need(n: number): void {
    if (this.at + n > this.b.length) throw new SshProtocolError(`truncated ${this.what}`);
  }
  byte(): number {
    this.need(1);
    return this.b[this.at++]!;
  }
  bool(): boolean {
    return this.byte() !== 0;
  }
  u32(): number {
    this.need(4);
    const n = u32At(this.b, this.at);
    this.at += 4;
    return n;
  }
  raw(n: number): Uint8Array {
    this.need(n);
    const out = this.b.slice(this.at, this.at + n);
    this.at += n;
    return out;
  }
  bytes(): Uint8Array {
    return this.raw(this.u32());
  }
  text(): string {
    return decoder.decode(this.bytes());
  }
  nameList(): string[] {
    const s = this.text();
    return s === '' ? [] : s.split(',');
  }
  end(): void {
    if (this.at !== this.b.length) throw new SshProtocolError(`${this.b.length - this.at} trailing bytes in ${this.what}`);
  }
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
  const w = new Writer();
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
  const r = new Reader(payload.subarray(1), messageName(n));
  const done = <M extends SshMessage>(m: M): M => {
    r.end();
    return m;
  };
  switch (n) {
    case MSG.DISCONNECT: {
      const code = r.u32();
      const description = r.text();
      r.text(); // language tag
      return done({ type: 'disconnect', code, description });
    }
    case MSG.SERVICE_REQUEST:
      return done({ type: 'service-request', service: r.text() });
    case MSG.SERVICE_ACCEPT:
      return done({ type: 'service-accept', service: r.text() });
    case MSG.KEXINIT: {
      const cookie = r.raw(16);
      const lists = Array.from({ length: 10 }, () => r.nameList());
      const firstKexFollows = r.bool();
      r.u32(); // reserved
      const [kex, hostKey, ciphersC2S, ciphersS2C, macsC2S, macsS2C, compressionC2S, compressionS2C] = lists as [string[], string[], string[], string[], string[], string[], string[], string[]];
      return done({ type: 'kexinit', cookie, kex, hostKey, ciphersC2S, ciphersS2C, macsC2S, macsS2C, compressionC2S, compressionS2C, firstKexFollows });
    }
    case MSG.NEWKEYS:
      return done({ type: 'newkeys' });
    case MSG.KEXDH_INIT:
      return done({ type: 'kexdh-init', e: r.bytes() });
    case MSG.KEXDH_REPLY: {
      const hostKey = r.bytes();
      const f = r.bytes();
      return done({ type: 'kexdh-reply', hostKey, f, signature: r.bytes() });
    }
    case MSG.USERAUTH_REQUEST: {
      const user = r.text();
      const service = r.text();
      const method = r.text();
      // Method-specific fields (a password, a key) may follow; "none" has none. Ignore the rest.
      return { type: 'userauth-request', user, service, method };
    }
    case MSG.USERAUTH_FAILURE: {
      const methods = r.nameList();
      return done({ type: 'userauth-failure', methods, partial: r.bool() });
    }
    case MSG.USERAUTH_SUCCESS:
      return done({ type: 'userauth-success' });
    case MSG.CHANNEL_OPEN: {
      const channelType = r.text();
      const sender = r.u32();
      const window = r.u32();
      return done({ type: 'channel-open', channelType, sender, window, maxPacket: r.u32() });
    }
    case MSG.CHANNEL_OPEN_CONFIRMATION: {
      const recipient = r.u32();
      const sender = r.u32();
      const window = r.u32();
      return done({ type: 'channel-open-confirmation', recipient, sender, window, maxPacket: r.u32() });
    }
    case MSG.CHANNEL_OPEN_FAILURE: {
      const recipient = r.u32();
      const code = r.u32();
      const description = r.text();
      r.text();
      return done({ type: 'channel-open-failure', recipient, code, description });
    }
    case MSG.CHANNEL_WINDOW_ADJUST: {
      const recipient = r.u32();
      return done({ type: 'window-adjust', recipient, bytes: r.u32() });
    }
    case MSG.CHANNEL_DATA: {
      const recipient = r.u32();
      return done({ type: 'channel-data', recipient, data: r.bytes() });
    }
    case MSG.CHANNEL_EOF:
      return done({ type: 'channel-eof', recipient: r.u32() });
    case MSG.CHANNEL_CLOSE:
      return done({ type: 'channel-close', recipient: r.u32() });
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
      return `KEXDH_INIT e=${decoder.decode(m.e)}`;
    case 'kexdh-reply':
      return `KEXDH_REPLY host-key=${decoder.decode(m.hostKey)} f=${decoder.decode(m.f)}`;
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
      return `CHANNEL_DATA ${m.recipient} ${JSON.stringify(decoder.decode(m.data))}`;
    case 'channel-eof':
      return `CHANNEL_EOF ${m.recipient}`;
    case 'channel-close':
      return `CHANNEL_CLOSE ${m.recipient}`;
    case 'unknown':
      return messageName(m.number);
  }
}
