/**
 * A real SSH-like client over Node's net, speaking what the ssh scenarios expect (src/scenarios/ssh:
 * the `none` cipher, the fake key exchange): unlike the scripted clients, which wait for byte counts,
 * it reads as a real client does — the identification line up to CR LF, then each binary packet by
 * its length prefix (framing.ts deframe) — and decodes what it reads with the scenario's codec.
 */
import { connect, type Socket } from 'node:net';
import { decodeMessage, packet, type SshMessage } from '../../src/scenarios/ssh/codec.ts';
import { concatBytes, deframe } from '../../src/scenarios/ssh/framing.ts';

export class SshClient {
  private buf: Uint8Array = new Uint8Array(0);
  private wake: (() => void) | null = null;
  private ended = false;

  private constructor(readonly socket: Socket) {
    socket.on('data', (d: Buffer) => {
      this.buf = concatBytes(this.buf, d);
      this.poke();
    });
    socket.on('end', () => {
      this.ended = true;
      this.poke();
    });
    socket.on('close', () => {
      this.ended = true;
      this.poke();
    });
  }

  static open(port: number, host = '127.0.0.1'): Promise<SshClient> {
    return new Promise((resolve, reject) => {
      const s = connect(port, host);
      s.on('error', reject);
      s.on('connect', () => resolve(new SshClient(s)));
    });
  }

  private poke(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  /** Waits until `take` finds what it wants in the buffer; rejects if the server ends the connection first. */
  private async until<T>(what: string, take: () => T | null): Promise<T> {
    for (;;) {
      const got = take();
      if (got !== null) return got;
      if (this.ended) throw new Error(`the server closed the connection while the client waited for ${what} (${this.buf.length} bytes unread)`);
      await new Promise<void>((r) => (this.wake = r));
    }
  }

  /** The identification line, without its CR LF. */
  readLine(): Promise<string> {
    return this.until('a line', () => {
      const i = this.buf.indexOf(10);
      if (i < 0) return null;
      const line = new TextDecoder().decode(this.buf.subarray(0, i)).replace(/\r$/, '');
      this.buf = this.buf.slice(i + 1);
      return line;
    });
  }

  /** The next packet, decoded. */
  readMessage(): Promise<SshMessage> {
    return this.until('a packet', () => {
      const f = deframe(this.buf);
      if (f === null) return null;
      this.buf = f.rest;
      return decodeMessage(f.payload);
    });
  }

  /** Resolves once the server has closed its side with nothing left unread; the bytes left otherwise. */
  async eof(): Promise<number> {
    await this.until('the end', () => (this.ended ? true : null));
    return this.buf.length;
  }

  send(...ms: SshMessage[]): void {
    this.socket.write(concatBytes(...ms.map(packet)));
  }

  sendRaw(b: Uint8Array | string): void {
    this.socket.write(b);
  }
}
