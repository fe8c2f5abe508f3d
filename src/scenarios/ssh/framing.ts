/**
 * The SSH binary packet protocol (RFC 4253 §6) with the `none` cipher and no MAC.
 *
 * Data definition:
 *   Frame = uint32 packet_length ‖ byte padding_length ‖ payload ‖ padding
 *           packet_length = 1 + |payload| + padding_length; 4 ≤ padding_length < 256;
 *           (4 + packet_length) is a multiple of 8 (the block size of `none`); padding is zeros
 *           here (the RFC wants random bytes; zeros keep runs byte-identical)
 * Rules: frame(payload) → bytes; deframe(buf) → { payload, rest } | null (incomplete) and
 * frameNeeds(buf) → how many more bytes complete the next frame; both throw SshProtocolError as
 * soon as the 4 length bytes show a bad packet_length, and on a bad padding_length.
 */
import { SshProtocolError } from './protocol-error.ts';

export const BLOCK_SIZE = 8;
/** The largest packet_length we accept (RFC 4253 §6.1: at least 35000 bytes must be supported). */
export const MAX_PACKET_LENGTH = 35000;
const MIN_PACKET_LENGTH = 12; // a whole packet is at least 16 bytes

/** The big-endian uint32 at `i`. */
export const u32At = (b: Uint8Array, i: number): number => ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0;

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
