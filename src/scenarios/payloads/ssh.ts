/**
 * SSH in a trace (RFC 4253 with the `none` cipher, as src/scenarios/ssh/ reads it): a chunk of a
 * stream that is a version line, or one or more whole binary packets, reads as the messages' names
 * and fields; so does an unframed payload of a known message type held by a `…packet` struct (the
 * SSH processes' `inbound-packet`/`outbound-packet`). A chunk that splits a packet prints as bytes.
 * Anything but UDP may carry SSH.
 */
import { decodeMessage, describeMessage, type SshMessage } from '../ssh/codec.ts';
import { deframeAll } from '../ssh/framing.ts';
import { MAX_DECODED_BYTES, type DecodedPayload, type PayloadDecoder } from './types.ts';

const VERSION = /^SSH-2\.0-([\x21-\x7e]+)\r\n$/;

const onUdp = (carrier: string | null): boolean => carrier !== null && carrier.startsWith('udp');
const holdsPayload = (carrier: string | null): boolean => carrier !== null && carrier.endsWith('packet');

function known(m: SshMessage): SshMessage | null {
  return m.type === 'unknown' ? null : m;
}

function bare(bytes: Uint8Array): string[] | null {
  try {
    const m = known(decodeMessage(bytes));
    return m === null ? null : [describeMessage(m)];
  } catch {
    return null; // not a whole message
  }
}

function packets(bytes: Uint8Array): string[] | null {
  try {
    const { payloads, rest } = deframeAll(bytes);
    if (payloads.length === 0 || rest.length > 0) return null;
    return payloads.map((p) => describeMessage(decodeMessage(p)));
  } catch {
    return null; // not whole packets: shown as bytes
  }
}

export const sshPayload: PayloadDecoder = (bytes, carrier): DecodedPayload | null => {
  if (onUdp(carrier) || bytes.length === 0 || bytes.length > MAX_DECODED_BYTES) return null;
  const version = VERSION.exec(String.fromCharCode(...bytes.subarray(0, 255)));
  if (version !== null && bytes.length <= 255) {
    const line = `ssh version ${version[0].trimEnd()}`;
    return { protocol: 'ssh', summary: line, lines: [line] };
  }
  const messages = packets(bytes) ?? (holdsPayload(carrier) ? bare(bytes) : null);
  if (messages === null) return null;
  return { protocol: 'ssh', summary: `ssh ${messages.join('; ')}`, lines: messages };
};
