/**
 * The real ground VM for Node (issue 18, docs/real-ground.md): the same run reducer as the
 * simulation (kernel ground/run.ts `advance`), with the world's outside made of real sockets and
 * the real clock. The kernel stays pure: every real happening — a client connecting, its bytes,
 * its close, a datagram, time passing — becomes an `external` input (kernel ground/external.ts)
 * applied after the current step and recorded, so the run's inputs are its whole trace; what the
 * world sends to a real peer comes back as an `external-*` note, which this file performs.
 *
 * Rules:
 *   - the VM's TCP listeners and UDP sockets on its own host (fixed ports, below the world's
 *     ephemeral range) are served on real sockets: the first TCP one on `tcpPort`, the first UDP one
 *     on `udpPort` (0: a port the system picks), the others on system-picked ports;
 *   - the run advances only while it has something to do at the current time; virtual time never
 *     passes real time: a timer or a packet due later is waited for, then a `clock` input lets it fire;
 *   - limits (a limit on everything): MAX_CONNECTIONS open TCP clients, MAX_PENDING_EVENTS real events
 *     waiting (sockets are paused beyond it), MAX_WRITE_BACKLOG_BYTES unsent to a client that does not
 *     read (it is cut off), MAX_UNITS_PER_PUMP units between two looks at the sockets;
 *   - only peers that reached us are answered: a datagram for an address that sent nothing is dropped.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import {
  advance, nextTime, withInputs, type ExternalHappening, type Input, type Run,
} from '../kernel/ground/index.ts';
import { isBytes, isStruct, struct, type Term, type TraceRecord } from '../kernel/index.ts';

/** Real TCP clients connected at once; more are refused (closed at once). */
export const MAX_CONNECTIONS = 256;
/** Real events waiting to be applied; beyond it every TCP client is paused until the run catches up. */
export const MAX_PENDING_EVENTS = 4_096;
/** Bytes written to a client and not yet taken by it; beyond it the client is cut off (it does not read). */
export const MAX_WRITE_BACKLOG_BYTES = 1 << 20;
/** Run units between two looks at the sockets (a run that never waits still lets the world in). */
export const MAX_UNITS_PER_PUMP = 10_000;
/** The first port of the world's ephemeral range (network.ts): sockets from there on stay inside. */
const EPHEMERAL_FROM = 49_152;

export interface RealGroundOptions {
  readonly host: string;
  readonly tcpPort: number;
  readonly udpPort: number;
  /** Every unit's records, as the run makes them (the trace's size is counted there). */
  readonly onUnit?: (records: readonly TraceRecord[]) => void;
  /** One line for the operator (an address served, a client refused, …). */
  readonly log: (line: string) => void;
}

interface Served {
  readonly kind: 'tcp' | 'udp';
  readonly virtualPort: number;
  readonly realPort: number;
}

export class RealGround {
  private run: Run;
  private readonly inputs: Input[] = [];
  private readonly pending: ExternalHappening[] = [];
  private readonly servers = new Map<number, Server>();
  private readonly udp = new Map<number, UdpSocket>();
  private readonly clients = new Map<string, Socket>();
  private readonly peers = new Set<string>();
  private readonly served: Served[] = [];
  /** One promise per real socket asked for: bound, or the reason it could not be. */
  private readonly binding: Promise<void>[] = [];
  private timer: NodeJS.Timeout | null = null;
  private paused = false;
  private stopped = false;
  /** ready() has resolved: a socket that fails to bind from now on is only logged. */
  private started = false;
  private readonly epoch = Date.now();

  constructor(run: Run, private readonly o: RealGroundOptions) {
    this.run = run;
  }

  /** The inputs recorded so far (the real run's whole account). */
  get recorded(): readonly Input[] {
    return this.inputs;
  }
  get current(): Run {
    return this.run;
  }
  get addresses(): readonly Served[] {
    return this.served;
  }

  /** Real time, in ms since the run started (the world's clock starts at 0). */
  private now(): number {
    return Date.now() - this.epoch;
  }

  /** Applies the events waiting and advances while there is something to do now; then waits. */
  pump(): void {
    if (this.stopped) return;
    for (let n = 0; n < MAX_UNITS_PER_PUMP; n++) {
      const e = this.pending.shift();
      if (e !== undefined) this.apply(e);
      else if (nextTime(this.run.sim) <= this.run.sim.world.now) {
        const a = advance(this.run);
        this.run = a.run;
        if (a.unit === null) break;
        this.after(a.unit.records);
      } else break;
    }
    if (this.paused && this.pending.length < MAX_PENDING_EVENTS / 2) this.resumeAll();
    this.wait();
  }

  /** One real event as an input after the current step. */
  private apply(e: ExternalHappening): void {
    const input: Input = { kind: 'external', event: { ...e, at: Math.max(this.now(), this.run.sim.world.now) }, atStep: this.run.sim.steps };
    this.inputs.push(input);
    this.run = withInputs(this.run, [input]);
    const a = advance(this.run);
    this.run = a.run;
    if (a.unit !== null) this.after(a.unit.records);
  }

  /** Arms a timer for the next thing due later than now (a timer's deadline or a packet in flight). */
  private wait(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (this.stopped || this.pending.length > 0) {
      if (this.pending.length > 0) this.timer = setTimeout(() => this.pump(), 0);
      return;
    }
    const due = nextTime(this.run.sim);
    if (!Number.isFinite(due)) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.push({ type: 'clock' });
    }, Math.max(0, due - this.now()));
  }

  private push(e: ExternalHappening): void {
    if (this.stopped) return;
    this.pending.push(e);
    if (this.pending.length >= MAX_PENDING_EVENTS && !this.paused) {
      this.paused = true;
      for (const s of this.clients.values()) s.pause();
    }
    if (this.timer === null || this.pending.length === 1) {
      if (this.timer !== null) clearTimeout(this.timer);
      this.timer = setTimeout(() => {
        this.timer = null;
        this.pump();
      }, 0);
    }
  }

  private resumeAll(): void {
    this.paused = false;
    for (const s of this.clients.values()) s.resume();
  }

  /** What a unit did that concerns the real world: new listeners and sockets, bytes and datagrams out. */
  private after(records: readonly TraceRecord[]): void {
    this.o.onUnit?.(records);
    this.openNew();
    for (const r of records) if (r.kind === 'world' && r.what.startsWith('external-')) this.perform(r.what, r.detail);
  }

  private perform(what: string, detail: Term): void {
    if (what === 'external-tcp-data' && isStruct(detail, 'data', 2)) {
      const [id, data] = detail.fields;
      const end = this.run.sim.world.net.ends.get(id as number);
      const sock = end === undefined ? undefined : this.clients.get(`${end.host}:${end.port}`);
      if (sock !== undefined && isBytes(data!)) this.write(sock, data);
    } else if ((what === 'external-tcp-eof' || what === 'external-tcp-reset') && isStruct(detail, 'conn', 5)) {
      const key = `${String(detail.fields[1])}:${String(detail.fields[2])}`;
      const sock = this.clients.get(key);
      if (what === 'external-tcp-eof') sock?.end();
      else sock?.destroy();
    } else if (what === 'external-udp' && isStruct(detail, 'datagram', 5)) {
      const [, fromPort, toHost, toPort, data] = detail.fields;
      const sock = this.udp.get(fromPort as number);
      if (!this.peers.has(`${String(toHost)}:${String(toPort)}`)) this.o.log(`dropped a datagram to ${String(toHost)}:${String(toPort)}: no such peer wrote to us`);
      else if (sock !== undefined && isBytes(data!)) sock.send(data, toPort as number, String(toHost));
    }
  }

  private write(sock: Socket, data: Uint8Array): void {
    if (sock.writableLength + data.length > MAX_WRITE_BACKLOG_BYTES) {
      this.o.log(`cut off ${sock.remoteAddress}:${sock.remotePort}: more than ${MAX_WRITE_BACKLOG_BYTES} bytes it does not read`);
      sock.destroy();
      return;
    }
    sock.write(data);
  }

  /** Serves every listener and fixed-port UDP socket of the VM's host that has no real socket yet. */
  private openNew(): void {
    const w = this.run.sim.world;
    for (const l of w.net.listeners.values()) {
      if (l.host === w.vmHost && !this.servers.has(l.port)) this.serveTcp(l.port);
    }
    for (const s of w.net.sockets.values()) {
      if (s.host === w.vmHost && s.port < EPHEMERAL_FROM && !this.udp.has(s.port)) this.serveUdp(s.port);
    }
  }

  private realPortFor(kind: 'tcp' | 'udp'): number {
    const first = !this.served.some((s) => s.kind === kind);
    return first ? (kind === 'tcp' ? this.o.tcpPort : this.o.udpPort) : 0;
  }

  private serveTcp(port: number): void {
    const server = createServer((sock) => this.accept(port, sock));
    this.servers.set(port, server);
    const realPort = this.realPortFor('tcp');
    this.bound(`tcp ${this.o.host}:${realPort} (the program's port ${port})`, server, (ok) => server.listen(realPort, this.o.host, () => {
      const a = server.address();
      ok(this.servedAt('tcp', port, typeof a === 'object' && a !== null ? a.port : 0));
    }));
  }

  private accept(port: number, sock: Socket): void {
    const host = sock.remoteAddress ?? '?';
    const remotePort = sock.remotePort ?? 0;
    const key = `${host}:${remotePort}`;
    if (this.stopped || this.clients.size >= MAX_CONNECTIONS) {
      this.o.log(`refused ${key}: ${this.stopped ? 'shutting down' : `${MAX_CONNECTIONS} clients are connected`}`);
      sock.destroy();
      return;
    }
    this.clients.set(key, sock);
    if (this.paused) sock.pause();
    let open = true;
    const closed = (): void => {
      if (!open) return;
      open = false;
      this.push({ type: 'tcp-eof', host, remotePort });
    };
    sock.on('data', (d: Buffer) => this.push({ type: 'tcp-data', host, remotePort, data: Uint8Array.from(d) }));
    sock.on('end', closed);
    sock.on('error', (e) => {
      this.o.log(`${key}: ${e.message}`);
      closed();
    });
    sock.on('close', () => {
      closed();
      if (this.clients.get(key) === sock) this.clients.delete(key);
    });
    this.push({ type: 'tcp-open', port, host, remotePort });
  }

  private serveUdp(port: number): void {
    const sock = createSocket(this.o.host.includes(':') ? 'udp6' : 'udp4');
    this.udp.set(port, sock);
    sock.on('message', (msg, rinfo) => {
      this.peers.add(`${rinfo.address}:${rinfo.port}`);
      this.push({ type: 'udp', port, host: rinfo.address, remotePort: rinfo.port, data: Uint8Array.from(msg) });
    });
    const realPort = this.realPortFor('udp');
    this.bound(`udp ${this.o.host}:${realPort} (the program's port ${port})`, sock, (ok) => sock.bind(realPort, this.o.host, () => {
      ok(this.servedAt('udp', port, sock.address().port));
    }));
  }

  /** Records a bound socket's address and says so; the line the operator (and a test) waits for. */
  private servedAt(kind: 'tcp' | 'udp', virtualPort: number, realPort: number): void {
    this.served.push({ kind, virtualPort, realPort });
    this.o.log(`serving ${kind} ${this.o.host}:${realPort} (the program's port ${virtualPort})`);
  }

  /**
   * Binds a socket (`start` calls `ok` once bound): an error before that makes ready() fail with a
   * sentence naming the address; an error after it is logged (the socket's clients see it).
   */
  private bound(what: string, sock: Server | UdpSocket, start: (ok: (v: void) => void) => void): void {
    let up = false;
    const p = new Promise<void>((resolve, reject) => {
      sock.on('error', (e) => {
        if (!up) reject(new Error(`cannot serve ${what}: ${e.message}`));
        if (up || this.started) this.o.log(`${what}: ${e.message}`);
      });
      start(() => {
        up = true;
        resolve();
      });
    });
    p.catch(() => undefined); // after ready(), the log line above is the report
    this.binding.push(p);
  }

  /** Resolves once every real socket the VM asked for is bound (their addresses are known); rejects if one cannot be. */
  async ready(): Promise<void> {
    await Promise.all(this.binding);
    this.started = true;
  }

  /**
   * Ends the run: every real client's connection is closed as a peer close (the programs see it),
   * the events waiting are applied, the run advanced while it has work now; then every socket closes.
   */
  async stop(): Promise<void> {
    for (const s of this.clients.values()) s.destroy();
    await new Promise((r) => setTimeout(r, 0));
    this.pump();
    this.killAll();
    this.pump();
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    await Promise.all([...this.servers.values()].map((s) => new Promise((r) => s.close(r))));
    await Promise.all([...this.udp.values()].map((s) => new Promise<void>((r) => s.close(() => r()))));
  }

  /** Every process of the ground VM quits with reason shutdown (its peers see absence), recorded as kill inputs. */
  private killAll(): void {
    const pids = [...this.run.sim.ground.vm.processes.keys()];
    for (const p of pids) {
      const input: Input = { kind: 'kill', vm: [], pid: p, reason: struct('shutdown'), atStep: this.run.sim.steps };
      this.inputs.push(input);
      this.run = withInputs(this.run, [input]);
      const a = advance(this.run);
      this.run = a.run;
      if (a.unit !== null) this.after(a.unit.records);
    }
  }
}
