/**
 * An authoritative DNS server of the simulated hierarchy: the talk's server VM in *respondent*
 * mode, one nested VM per server of world.json, named after the server.
 *
 *   reader (server), writer (server)   on the server's listening address (addressing.ts), io.ts
 *   error-logger                       records bad-dns-packet events (io.ts)
 *   respondent                         subscribes to dns-request(?, ?, local); answers each one
 *                                      from its zones (authority.ts) with dns-reply(response,
 *                                      local, source). State: { zones (origins), answered }.
 */
import {
  _, boot, isStruct, processOf, sendMessage, spawn, topicSubscriber, transition, type BootSpec, type Term, type Transition,
} from '../../kernel/index.ts';
import { authoritativeAnswer } from './authority.ts';
import type { AddressPlan } from './addressing.ts';
import { messageOf, messageTerm } from './message.ts';
import { dnsReply, dnsRequest } from './topics.ts';
import type { DnsServer } from './world.ts';
import { errorLogger, reader, writer } from './io.ts';

export interface RespondentState {
  readonly zones: readonly string[];
  readonly answered: number;
}

const Respondent = processOf<RespondentState>();

export function respondent(server: DnsServer, local: Term): () => Transition<RespondentState> {
  return () => Respondent.transition({ zones: server.zones.map((z) => z.origin), answered: 0 },
    Respondent.role('requests', topicSubscriber(dnsRequest(_, _, local)), {
      onMessage: (m, s) => {
        if (!isStruct(m, 'dns-request', 3)) return;
        const [message, source] = m.fields as [Term, Term];
        const query = messageOf(message);
        if (query === null) return;
        const response = authoritativeAnswer(server.zones, query);
        return transition({ ...s, answered: s.answered + 1 }, sendMessage(dnsReply(messageTerm(response), local, source)));
      },
    }));
}

/** The boot of one authoritative server's nested VM. */
export function authoritativeServer(server: DnsServer, plan: AddressPlan): BootSpec {
  const local = plan.listenerFor(server.address);
  return boot(null,
    spawn(reader(local), { name: 'reader (server)' }),
    spawn(writer(local), { name: 'writer (server)' }),
    spawn(errorLogger, { name: 'error-logger' }),
    spawn(respondent(server, local), { name: 'respondent' }),
  );
}
