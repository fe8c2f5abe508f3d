/**
 * Real DNS wire format (RFC 1035 §4.1), between bytes and the lab's message views (message.ts).
 * The lab's own codec, so that what it reads is exactly what was sent:
 *   - a name is read as its labels' bytes and written back from them (names.ts: "www.shop" as one
 *     label is "www\.shop", bytes 00 ff 80 2e are "\000\255\128\."); names are never compressed
 *     when written, and compression pointers are followed when read only if they point strictly
 *     backwards (so no pointer loop) and not into the header;
 *   - a question keeps its letter case; record owners and names in record data are folded to
 *     lower case (names.ts: the canonical spelling);
 *   - types, classes, opcodes and rcodes travel as mnemonics with one spelling per number
 *     (wire-codes.ts); record data of the types the lab knows is decoded (wire-rdata.ts), any
 *     other type's is kept as bytes; EDNS OPT pseudo-records are dropped (the lab does not speak
 *     EDNS).
 * decodeMessage never throws: bytes that are not exactly one well-formed DNS message give
 * { error }, which the readers turn into a bad-dns-packet event. encodeMessage throws WireError on
 * a message that cannot be written within RFC 1035's limits (a 16-bit id or count, a label over 63
 * octets, a name over 255, record data over 65,535 octets, a message over MAX_MESSAGE_OCTETS); the
 * writers catch it. Everything decodeMessage returns, encodeMessage writes.
 */
import { FLAG_NAMES, type DnsMessage, type Question, type Rr } from './message.ts';
import { caseFolded, labelBytes, nameFromLabels, NameError } from './names.ts';
import { classCode, className, fourBitCode, OPCODES, RCODES, typeCode, typeName, WireError } from './wire-codes.ts';
import { readRdata, writeRdata } from './wire-rdata.ts';

/** The largest DNS message (a 16-bit length, RFC 1035 §4.2.2); a longer datagram is refused. */
export const MAX_MESSAGE_OCTETS = 65_535;
const HEADER_OCTETS = 12;
const MAX_NAME_WIRE = 254; // label lengths and bytes, without the root's zero byte

const FLAG_BITS: Readonly<Record<string, number>> = { aa: 1 << 10, tc: 1 << 9, rd: 1 << 8, ra: 1 << 7, ad: 1 << 5, cd: 1 << 4 };
const QR = 1 << 15;

// ---- reading ---------------------------------------------------------------------------------------

/** A cursor over a datagram; every read is bounds-checked and throws WireError past the end. */
export class Reader {
  pos = 0;
  constructor(readonly bytes: Uint8Array) {}

  need(n: number, what: string): void {
    if (this.pos + n > this.bytes.length) throw new WireError(`the message ends inside ${what}`);
  }
  u8(what: string): number {
    this.need(1, what);
    return this.bytes[this.pos++]!;
  }
  u16(what: string): number {
    this.need(2, what);
    const v = (this.bytes[this.pos]! << 8) | this.bytes[this.pos + 1]!;
    this.pos += 2;
    return v;
  }
  u32(what: string): number {
    return this.u16(what) * 0x10000 + this.u16(what);
  }
  take(n: number, what: string): Uint8Array {
    this.need(n, what);
    this.pos += n;
    return this.bytes.slice(this.pos - n, this.pos);
  }

  /** A (possibly compressed) name's labels; the cursor moves past its bytes in place. */
  labels(): Uint8Array[] {
    const b = this.bytes;
    const out: Uint8Array[] = [];
    let at = this.pos;
    let segmentStart = at;
    let resume = -1;
    let total = 0;
    for (;;) {
      if (at >= b.length) throw new WireError('Cannot decode name (buffer overflow)');
      const len = b[at++]!;
      if (len === 0) break;
      if ((len & 0xc0) === 0) {
        if (at + len > b.length) throw new WireError('Cannot decode name (buffer overflow)');
        total += len + 1;
        if (total > MAX_NAME_WIRE) throw new WireError('Cannot decode name (name too long)');
        out.push(b.slice(at, at + len));
        at += len;
      } else if ((len & 0xc0) === 0xc0) {
        if (at >= b.length) throw new WireError('Cannot decode name (buffer overflow)');
        const target = ((len & 0x3f) << 8) | b[at++]!;
        if (target >= segmentStart || target < HEADER_OCTETS) throw new WireError('Cannot decode name (bad pointer)');
        if (resume < 0) resume = at;
        at = target;
        segmentStart = target;
      } else {
        throw new WireError('Cannot decode name (bad label)');
      }
    }
    this.pos = resume < 0 ? at : resume;
    return out;
  }
  /** A name in presentation form, letter case kept. */
  name(): string {
    return nameFromLabels(this.labels());
  }
}

function readQuestion(r: Reader): Question {
  const name = r.name();
  return { name, type: typeName(r.u16('a question')), cls: className(r.u16('a question')) };
}

/** One record, or null for an EDNS OPT pseudo-record. */
function readRr(r: Reader): Rr | null {
  const name = caseFolded(r.name());
  const type = typeName(r.u16('a record'));
  const cls = className(r.u16('a record'));
  const ttl = r.u32('a record');
  const length = r.u16('a record');
  r.need(length, `the data of a ${type} record`);
  const end = r.pos + length;
  const data = readRdata(r, type, end);
  if (r.pos !== end) throw new WireError(`the data of a ${type} record does not fill its RDLENGTH`);
  return type === 'OPT' ? null : { name, type, cls, ttl, data };
}

function readRrs(r: Reader, count: number): Rr[] {
  const out: Rr[] = [];
  for (let i = 0; i < count; i++) {
    const rr = readRr(r);
    if (rr !== null) out.push(rr);
  }
  return out;
}

export type Decoded = { readonly message: DnsMessage } | { readonly error: string };

/** Decodes a datagram. Anything that is not exactly one well-formed DNS message is an error. */
export function decodeMessage(bytes: Uint8Array): Decoded {
  try {
    if (bytes.length < HEADER_OCTETS) return { error: 'Header must be 12 bytes' };
    if (bytes.length > MAX_MESSAGE_OCTETS) return { error: `longer than ${MAX_MESSAGE_OCTETS} bytes` };
    const r = new Reader(bytes);
    const id = r.u16('the header');
    const bits = r.u16('the header');
    const counts = [r.u16('the header'), r.u16('the header'), r.u16('the header'), r.u16('the header')] as const;
    const questions: Question[] = [];
    for (let i = 0; i < counts[0]; i++) questions.push(readQuestion(r));
    const answers = readRrs(r, counts[1]);
    const authorities = readRrs(r, counts[2]);
    const additionals = readRrs(r, counts[3]);
    if (r.pos !== bytes.length) return { error: `${bytes.length - r.pos} bytes after the end of the message` };
    return {
      message: {
        id, kind: (bits & QR) !== 0 ? 'response' : 'query', opcode: OPCODES[(bits >> 11) & 0xf]!, rcode: RCODES[bits & 0xf]!,
        flags: FLAG_NAMES.filter((f) => (bits & (FLAG_BITS[f] ?? 0)) !== 0), questions, answers, authorities, additionals,
      },
    };
  } catch (e) {
    if (e instanceof WireError) return { error: e.message };
    throw e;
  }
}

// ---- writing ---------------------------------------------------------------------------------------

/** A growing byte buffer; every write checks its field's range and throws WireError outside it. */
export class Writer {
  private buf = new Uint8Array(512);
  length = 0;

  private grow(n: number): void {
    if (this.length + n > MAX_MESSAGE_OCTETS) throw new WireError(`the message would be longer than ${MAX_MESSAGE_OCTETS} bytes`);
    if (this.length + n <= this.buf.length) return;
    const next = new Uint8Array(Math.min(MAX_MESSAGE_OCTETS, Math.max(this.buf.length * 2, this.length + n)));
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }
  private uint(v: unknown, octets: number, what: string): void {
    const max = 2 ** (8 * octets) - 1;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > max) {
      throw new WireError(`${what} must be an integer 0 … ${max} (is ${typeof v === 'number' ? v : typeof v})`);
    }
    this.grow(octets);
    for (let k = octets - 1; k >= 0; k--) this.buf[this.length++] = Math.floor(v / 2 ** (8 * k)) & 0xff;
  }
  u8 = (v: unknown, what: string): void => this.uint(v, 1, what);
  u16 = (v: unknown, what: string): void => this.uint(v, 2, what);
  u32 = (v: unknown, what: string): void => this.uint(v, 4, what);
  bytes(b: Uint8Array): void {
    this.grow(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }
  /** Patches a 16-bit field written earlier (an RDLENGTH). */
  set16(at: number, v: number): void {
    this.buf[at] = v >> 8;
    this.buf[at + 1] = v & 0xff;
  }
  /** A name, uncompressed: its labels (names.ts checks the 63- and 255-octet limits). */
  name(text: unknown): void {
    if (typeof text !== 'string') throw new WireError(`a domain name must be a string (is ${typeof text})`);
    let ls: Uint8Array[];
    try {
      ls = labelBytes(text);
    } catch (e) {
      if (e instanceof NameError) throw new WireError(e.message);
      throw e;
    }
    for (const l of ls) {
      this.u8(l.length, 'a label length');
      this.bytes(l);
    }
    this.u8(0, 'the root label');
  }
  result(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

function writeRr(w: Writer, r: Rr): void {
  w.name(r.name);
  w.u16(typeCode(r.type), 'a type');
  w.u16(classCode(r.cls), 'a class');
  w.u32(r.ttl, `the TTL of ${r.name} ${r.type}`);
  const at = w.length;
  w.u16(0, 'RDLENGTH');
  writeRdata(w, r);
  const length = w.length - at - 2;
  if (length > 0xffff) throw new WireError(`the data of ${r.name} ${r.type} is longer than 65535 bytes`);
  w.set16(at, length);
}

/** The wire bytes of a message (a plain Uint8Array, so that it can travel in terms). */
export function encodeMessage(m: DnsMessage): Uint8Array {
  const w = new Writer();
  let bits = m.kind === 'response' ? QR : 0;
  for (const f of m.flags) bits |= FLAG_BITS[f] ?? 0;
  bits |= fourBitCode(OPCODES, m.opcode, 'opcode') << 11;
  bits |= fourBitCode(RCODES, m.rcode, 'rcode');
  w.u16(m.id, 'the id');
  w.u16(bits, 'the flags');
  const sections = [m.questions, m.answers, m.authorities, m.additionals] as const;
  for (const s of sections) w.u16(s.length, 'a section count');
  for (const q of m.questions) {
    w.name(q.name);
    w.u16(typeCode(q.type), 'a type');
    w.u16(classCode(q.cls), 'a class');
  }
  for (const r of [...m.answers, ...m.authorities, ...m.additionals]) writeRr(w, r);
  return w.result();
}
