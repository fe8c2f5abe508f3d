/**
 * The SSH data types of a payload's fields (RFC 4251 §5), written and read in order:
 *   byte, boolean (one byte), uint32 (big-endian), string (uint32 length ‖ bytes),
 *   name-list (a string of comma-separated names)
 * Rule: a Reader throws SshProtocolError on truncated fields, and `done` on trailing bytes.
 */
import { concatBytes, u32At } from './framing.ts';
import { SshProtocolError } from './protocol-error.ts';

const encoder = new TextEncoder();
/** Also what transcripts decode text fields with: lenient, a bad byte becomes U+FFFD. */
export const textDecoder = new TextDecoder('utf-8', { fatal: false });

export class FieldWriter {
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

export class FieldReader {
  private at = 0;
  /** `what` names the message in errors ("truncated KEXINIT"). */
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
    return textDecoder.decode(this.bytes());
  }
  nameList(): string[] {
    const s = this.text();
    return s === '' ? [] : s.split(',');
  }
  /** The message read from these fields, once no bytes are left over. */
  done<M>(m: M): M {
    if (this.at !== this.b.length) throw new SshProtocolError(`${this.b.length - this.at} trailing bytes in ${this.what}`);
    return m;
  }
}
