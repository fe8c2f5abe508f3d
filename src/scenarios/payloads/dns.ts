/**
 * DNS datagrams in a trace (RFC 1035 wire format, as src/scenarios/dns/wire.ts reads it): a UDP
 * payload that decodes whole as a DNS message with at least one question reads as a dig-like
 * summary and master-file lines, whatever holds it (the UDP driver's `udp-packet`, its ground
 * events, the world's datagram records) except a TCP stream. The check is strict — a whole message,
 * no bytes after it, a question — so other bytes are not mistaken for DNS.
 */
import { decodeMessage } from '../dns/wire.ts';
import { rdataText, rrLine, type DnsMessage, type Rr } from '../dns/message.ts';
import { MAX_DECODED_BYTES, type DecodedPayload, type PayloadDecoder } from './types.ts';

/** Answers named in a one-line summary; more are counted. */
const SUMMARY_RECORDS = 3;

const onTcp = (carrier: string | null): boolean => carrier !== null && carrier.startsWith('tcp');

function flagsText(m: DnsMessage): string {
  return m.flags.length === 0 ? '' : ` ${m.flags.join(' ')}`;
}

function recordsText(rs: readonly Rr[], label: string): string {
  if (rs.length === 0) return '';
  const named = rs.slice(0, SUMMARY_RECORDS).map((r) => `${r.type} ${rdataText(r)}`).join(', ');
  const more = rs.length > SUMMARY_RECORDS ? `, +${rs.length - SUMMARY_RECORDS}` : '';
  return `; ${label} ${named}${more}`;
}

function summary(m: DnsMessage): string {
  const q = m.questions.map((x) => `${x.name} ${x.cls} ${x.type}`).join(', ');
  if (m.kind === 'query') return `dns query ${m.id}${flagsText(m)} ${q}`;
  const body = m.answers.length > 0 ? recordsText(m.answers, 'answer')
    : m.authorities.length > 0 ? recordsText(m.authorities, 'authority') : '';
  return `dns response ${m.id} ${m.rcode}${flagsText(m)} ${q}${body}`;
}

function lines(m: DnsMessage): string[] {
  const out = [`;; ${m.kind} id ${m.id}, opcode ${m.opcode}, status ${m.rcode}, flags:${flagsText(m)}`];
  out.push(';; QUESTION SECTION:', ...m.questions.map((q) => `;${q.name} ${q.cls} ${q.type}`));
  const section = (title: string, rs: readonly Rr[]): void => {
    if (rs.length > 0) out.push(`;; ${title} SECTION:`, ...rs.map(rrLine));
  };
  section('ANSWER', m.answers);
  section('AUTHORITY', m.authorities);
  section('ADDITIONAL', m.additionals);
  return out;
}

export const dnsPayload: PayloadDecoder = (bytes, carrier): DecodedPayload | null => {
  if (onTcp(carrier) || bytes.length < 12 || bytes.length > MAX_DECODED_BYTES) return null;
  const d = decodeMessage(bytes);
  if (!('message' in d) || d.message.questions.length === 0) return null;
  return { protocol: 'dns', summary: summary(d.message), lines: lines(d.message) };
};
