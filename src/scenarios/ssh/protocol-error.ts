/**
 * The SSH protocol error: what the codec (and the SSH processes) throw when the peer breaks the
 * protocol, with the disconnect reason code (RFC 4250 §4.2.2) a DISCONNECT will carry.
 *
 * Data definition: SshProtocolError = { code: DisconnectReasonName, description }, message
 * "<CODE>: <description>". Rule: the kernel turns the throw into the crash reason
 * exn("SshProtocolError", "<CODE>: <description>"), and protocolErrorOf reads it back from there,
 * which is how the session VM's exception handler recognises it.
 */
import { isStruct, type Term } from '../../kernel/index.ts';

export const DISCONNECT_REASON = {
  PROTOCOL_ERROR: 2,
  KEY_EXCHANGE_FAILED: 3,
  SERVICE_NOT_AVAILABLE: 7,
  PROTOCOL_VERSION_NOT_SUPPORTED: 8,
  BY_APPLICATION: 11,
} as const;
export type DisconnectReasonName = keyof typeof DISCONNECT_REASON;

export class SshProtocolError extends Error {
  override readonly name = 'SshProtocolError';
  readonly code: DisconnectReasonName;
  readonly description: string;
  constructor(description: string, code: DisconnectReasonName = 'PROTOCOL_ERROR') {
    super(`${code}: ${description}`);
    this.code = code;
    this.description = description;
  }
}

/** A crash reason term (exn(name, message)) → the SSH protocol error it carries, if it is one. */
export function protocolErrorOf(reason: Term): { code: number; codeName: DisconnectReasonName; description: string } | null {
  if (!isStruct(reason, 'exn', 2) || reason.fields[0] !== 'SshProtocolError' || typeof reason.fields[1] !== 'string') return null;
  const message = reason.fields[1];
  const m = /^([A-Z_]+): ([^]*)$/.exec(message);
  const known = m !== null && Object.hasOwn(DISCONNECT_REASON, m[1]!);
  const codeName: DisconnectReasonName = known ? (m[1] as DisconnectReasonName) : 'PROTOCOL_ERROR';
  return { code: DISCONNECT_REASON[codeName], codeName, description: known ? m[2]! : message };
}
