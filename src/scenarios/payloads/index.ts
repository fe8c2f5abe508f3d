/** Every protocol decoder the debugger tries on bytes in a trace, in order (the first that reads them wins). */
import { dnsPayload } from './dns.ts';
import { sshPayload } from './ssh.ts';
import type { PayloadDecoder } from './types.ts';

export const PAYLOAD_DECODERS: readonly PayloadDecoder[] = [dnsPayload, sshPayload];

export { MAX_DECODED_BYTES, type DecodedPayload, type PayloadDecoder } from './types.ts';
