/**
 * Where the DNS world's servers live on the simulated network.
 *
 * The world is one VM on one simulated host (`vmHost`): every UDP socket the VM binds is on that
 * host. A DNS server is known by its IP address (world.json, glue records), and real DNS servers
 * all listen on port 53, so the lab needs a rule mapping "server 192.0.2.20" to a socket:
 *
 *   'ports'  (works with today's world) every authoritative server listens on the VM's host, on
 *            its own port: 5301 for the first server of world.json, 5302 for the next, …; the
 *            proxy sends to udp-remote-address(vmHost, port) and maps the source of a reply back
 *            to the server's IP. The proxy itself is on port 53. An address that is no server of
 *            the world maps to port 5300, where nothing listens.
 *   'hosts'  (needs the multi-address UDP binding proposed in docs/scenarios.md, §"dns-proxy") every
 *            server binds udp-host-listener(ip, 53): the IP *is* the simulated host, as on a real
 *            network.
 * Everything else — the processes, the wire format, the topics — is the same in both modes; only
 * this module knows the difference.
 */
import { isStruct, struct, type Term } from '../../kernel/index.ts';
import { udpHandle, udpListener, udpRemoteAddress } from '../../kernel/ground/index.ts';

export type AddressMode = 'ports' | 'hosts';

/** Which mode the scenario uses (flip to 'hosts' once the world can bind several addresses). */
export const ADDRESS_MODE: AddressMode = 'hosts';

export const DNS_PORT = 53;
export const FIRST_SERVER_PORT = 5301;
/** 'ports' mode: where an address that is not a server of the world points (nothing listens there). */
export const NO_SERVER_PORT = 5300;

export interface AddressPlan {
  readonly mode: AddressMode;
  readonly vmHost: string;
  /** The proxy's server side (where clients send queries) and the address clients send to. */
  readonly proxyListener: Term;
  readonly proxyRemote: Term;
  /** The proxy's client side, from which it queries authoritative servers. */
  readonly proxyClient: Term;
  /** The stub client's socket. */
  readonly stubHandle: Term;
  /** The local address an authoritative server with this IP listens on. */
  listenerFor(ip: string): Term;
  /** The remote address the proxy sends to, to reach the server with this IP. */
  remoteFor(ip: string): Term;
  /** The IP of the server at this remote address (null: not a server of the world). */
  ipOf(remote: Term): string | null;
}

export function addressPlan(serverIps: readonly string[], vmHost: string, mode: AddressMode = ADDRESS_MODE): AddressPlan {
  const common = {
    mode,
    vmHost,
    proxyListener: udpListener(DNS_PORT),
    proxyRemote: udpRemoteAddress(vmHost, DNS_PORT),
    proxyClient: udpHandle('dns-proxy'),
    stubHandle: udpHandle('stub'),
  };
  if (mode === 'hosts') {
    return {
      ...common,
      listenerFor: (ip) => struct('udp-host-listener', ip, DNS_PORT),
      remoteFor: (ip) => udpRemoteAddress(ip, DNS_PORT),
      ipOf: (remote) => {
        if (!isStruct(remote, 'udp-remote-address', 2)) return null;
        const [h, p] = remote.fields;
        return typeof h === 'string' && p === DNS_PORT && serverIps.includes(h) ? h : null;
      },
    };
  }
  const portOf = (ip: string): number => (serverIps.includes(ip) ? FIRST_SERVER_PORT + serverIps.indexOf(ip) : NO_SERVER_PORT);
  return {
    ...common,
    listenerFor: (ip) => udpListener(portOf(ip)),
    remoteFor: (ip) => udpRemoteAddress(vmHost, portOf(ip)),
    ipOf: (remote) => {
      if (!isStruct(remote, 'udp-remote-address', 2)) return null;
      const [h, p] = remote.fields;
      if (h !== vmHost || typeof p !== 'number') return null;
      return serverIps[p - FIRST_SERVER_PORT] ?? null;
    },
  };
}
