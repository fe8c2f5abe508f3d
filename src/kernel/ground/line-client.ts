/**
 * A line client's script: connect, then per line send it and read one line back, then close. The
 * UI's "Add client" form makes one, and version 1–2 traces recorded a connect input as its fields.
 * (Its own module, free of the world's code, so the UI's main bundle can import it.)
 */
import type { ClientSpec } from './clients.ts';

/** A line-oriented TCP client (the UI's "Add client" form; version 2 traces recorded only these). */
export interface TcpClientFields {
  /** The client's name (unique in the world); the UI uses the host name. */
  readonly client: string;
  /** The client's host on the virtual network. */
  readonly host: string;
  /** The host it connects to (the VM's host). */
  readonly to: string;
  readonly port: number;
  /** Lines to send, without their newline; after each, the client waits for one line back. */
  readonly send: readonly string[];
}

/** The client script for the fields: connect, then per line send it and expect a line, then close. */
export function tcpClientSpec(f: TcpClientFields): ClientSpec {
  return {
    name: f.client,
    host: f.host,
    steps: [
      { op: 'connect', host: f.to, port: f.port },
      ...f.send.flatMap((line) => [{ op: 'send' as const, text: `${line}\n` }, { op: 'expect-line' as const }]),
      { op: 'close' },
    ],
  };
}
