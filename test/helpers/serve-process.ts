/**
 * `npm run serve` as a real child process, for the tests that need the real command line (signals,
 * exit codes, what it prints): its stdout lines as they come, a wait for the first line that matches
 * (never a fixed sleep: it fails at once if the process ends first), and its exit.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: readonly string[];
  readonly stderr: string;
}

export interface ServeProcess {
  readonly child: ChildProcess;
  /** Resolves with the first stdout line (printed so far or later) that matches; rejects if the process ends first. */
  readonly line: (pattern: RegExp) => Promise<RegExpMatchArray>;
  /** The port of the first "serving <kind> <host>:<port>" line. */
  readonly port: (kind: 'tcp' | 'udp') => Promise<number>;
  readonly exited: Promise<Exit>;
}

export function startServe(args: readonly string[]): ServeProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/serve.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let stderr = '';
  let partial = '';
  const waiters: { pattern: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];
  const offer = (l: string): void => {
    for (const w of [...waiters]) {
      const m = l.match(w.pattern);
      if (m !== null) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  };
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    const parts = (partial + d).split('\n');
    partial = parts.pop()!;
    for (const l of parts) {
      lines.push(l);
      offer(l);
    }
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => void (stderr += d));
  const exited = new Promise<Exit>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout: lines, stderr }));
  });
  let over = false;
  void exited.then(() => void (over = true));
  const line = (pattern: RegExp): Promise<RegExpMatchArray> => {
    const seen = lines.map((l) => l.match(pattern)).find((m) => m !== null);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      if (over) reject(new Error(`serve ended without printing ${String(pattern)}:\n${lines.join('\n')}\n${stderr}`));
      waiters.push({ pattern, resolve });
      void exited.then((e) => reject(new Error(`serve ended (${e.code ?? e.signal}) without printing ${String(pattern)}:\n${e.stdout.join('\n')}\n${e.stderr}`)));
    });
  };
  const port = async (kind: 'tcp' | 'udp'): Promise<number> => Number((await line(new RegExp(`^serving ${kind} \\S+:(\\d+) `)))[1]);
  return { child, line, port, exited };
}

/** A line client of tcp-echo: say a line, get the reply line; `closed` resolves when the server closes it. */
export interface LineClient {
  readonly say: (line: string) => Promise<string>;
  readonly closed: Promise<void>;
  readonly socket: Socket;
}

/** Connects to a line server; rejects with the socket's error (ECONNREFUSED, …). */
export function lineClient(port: number, host = '127.0.0.1'): Promise<LineClient> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, host);
    let got = '';
    const replies: ((l: string) => void)[] = [];
    socket.setEncoding('utf8').on('data', (d: string) => {
      got += d;
      for (let i = got.indexOf('\n'); i >= 0 && replies.length > 0; i = got.indexOf('\n')) {
        replies.shift()!(got.slice(0, i));
        got = got.slice(i + 1);
      }
    });
    const closed = new Promise<void>((r) => socket.on('close', () => r()));
    socket.on('error', reject);
    socket.on('connect', () => {
      resolve({
        socket, closed,
        say: (line) => new Promise((r) => {
          replies.push(r);
          socket.write(`${line}\n`);
        }),
      });
    });
  });
}
