/**
 * Virtual ground-event descriptors (spec §4.5): what the simulated ground can "sync" on. A
 * process subscribes (participant subscriber) to [descriptor, ?]; when the descriptor is ready
 * and chosen, the ground performs its effect on the world and sends [descriptor, value] as if from
 * the subscriber. Syncing is side-effecting, as in Racket: a subscription that stays after it fired
 * may fire again (a write writes again), so drivers delete one-shot subscriptions when they fire.
 *
 *   descriptor                          ready when                        effect / value
 *   timer(deadline)                     now >= deadline                   value: now (ms)
 *   tcp-listen(port)                    always                            listen on the VM's host; ok() | error(text)
 *   tcp-accept(port)                    a connection is waiting           [conn, remoteHost, remotePort]
 *   tcp-unlisten(port)                  always                            stop listening; true
 *   tcp-connect(host, port, tag)        always                            start connecting; conn id
 *   tcp-established(conn)               connected or refused              ok() | refused()
 *   tcp-read-line(conn)                 a whole line, or EOF, is buffered line bytes (no newline) | eof()
 *   tcp-read(conn, n)                   any byte, or EOF, is buffered     up to n bytes | eof()
 *   tcp-eof(conn)                       buffer empty and peer closed      eof()
 *   tcp-write(conn, seq, bytes)         always                            send; byte count | error("reset")
 *   tcp-close(conn)                     always                            close (peer sees EOF); true
 *   udp-bind(port | false, tag[, host]) always                            bound(socket, port) | error(text);
 *                                                                         on `host` (default: the VM's host)
 *   udp-send(socket, seq, host, port, bytes)  always                      send a datagram; true
 *   udp-recv(socket)                    a datagram is queued              [host, port, bytes]
 *   udp-close(socket)                   always                            true
 */
import { evt, struct, type EvtTerm, type Term } from '../term.ts';

export const timerEvt = (deadline: number): EvtTerm => evt('timer', deadline);
export const tcpListenEvt = (port: number): EvtTerm => evt('tcp-listen', port);
export const tcpAcceptEvt = (port: number): EvtTerm => evt('tcp-accept', port);
export const tcpUnlistenEvt = (port: number): EvtTerm => evt('tcp-unlisten', port);
export const tcpConnectEvt = (host: string, port: number, tag: Term): EvtTerm => evt('tcp-connect', host, port, tag);
export const tcpEstablishedEvt = (conn: number): EvtTerm => evt('tcp-established', conn);
export const tcpReadLineEvt = (conn: number): EvtTerm => evt('tcp-read-line', conn);
export const tcpReadEvt = (conn: number, n: number): EvtTerm => evt('tcp-read', conn, n);
export const tcpEofEvt = (conn: number): EvtTerm => evt('tcp-eof', conn);
export const tcpWriteEvt = (conn: number, seq: number, data: Uint8Array): EvtTerm => evt('tcp-write', conn, seq, data);
export const tcpCloseEvt = (conn: number): EvtTerm => evt('tcp-close', conn);
export const udpBindEvt = (port: number | false, tag: Term, host?: string): EvtTerm =>
  host === undefined ? evt('udp-bind', port, tag) : evt('udp-bind', port, tag, host);
export const udpSendEvt = (sock: number, seq: number, host: string, port: number, data: Uint8Array): EvtTerm =>
  evt('udp-send', sock, seq, host, port, data);
export const udpRecvEvt = (sock: number): EvtTerm => evt('udp-recv', sock);
export const udpCloseEvt = (sock: number): EvtTerm => evt('udp-close', sock);

export const EOF: Term = struct('eof');
export const OK: Term = struct('ok');
