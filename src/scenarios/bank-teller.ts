/**
 * The bank teller (spec §6.3): observers for resource management, demand-driven supply.
 *
 * Topics: service(customer, x). Who holds what:
 *   customer C      participant SUBSCRIBER service(C, ?)      the demand: "I want a teller"
 *   manager         observer    PUBLISHER  service(?, ?)      sees every customer, is seen by none
 *   teller T_C      participant PUBLISHER  service(C, ?)      the supply for exactly one customer
 *   auditor         everything  SUBSCRIBER service(?, ?)      sees the manager's observer endpoint too
 * Conversation: on presence of its teller the customer sends feedback service(C, deposit(n)); the
 * teller answers with the message service(C, balance(m)). Between deposits the customer "thinks"
 * (a timer). After its last balance the customer quits; the manager and the teller see its
 * absence, and the teller quits. A lobby process lets the customers in at different virtual times
 * (timer driver), after it has seen the timer driver's presence (rendezvous, so no boot race).
 */
import {
  _,
  boot,
  isStruct,
  pretty,
  prettyRoleShort,
  processOf,
  quit,
  sendFeedback,
  sendMessage,
  spawn,
  struct,
  topicPublisher,
  topicSubscriber,
  transition,
  type Pid,
  type Role,
  type Term,
  type Transition,
} from '../kernel/index.ts';
import { setTimer, timerDriver, timerExpired } from '../kernel/ground/index.ts';
import type { Scenario } from './types.ts';

/** Who comes in, when (virtual ms after the lobby learns of the timer driver), and what they deposit. */
export interface Visit {
  readonly name: string;
  readonly arriveMs: number;
  readonly deposits: readonly number[];
}

export const VISITS: readonly Visit[] = [
  { name: 'alice', arriveMs: 10, deposits: [10, 20] },
  { name: 'bob', arriveMs: 12, deposits: [5, 5, 5] },
  { name: 'carol', arriveMs: 40, deposits: [100] },
];

/** How long a customer thinks between two deposits. */
export const THINK_MS = 5;

const service = (customer: Term, x: Term) => struct('service', customer, x);
const deposit = (n: number) => struct('deposit', n);
const balance = (n: number) => struct('balance', n);

/** The customer named in a presence/absence topic service(C, ?), or null. */
function customerOf(topic: Term): string | null {
  return isStruct(topic, 'service', 2) && typeof topic.fields[0] === 'string' ? topic.fields[0] : null;
}

// ---- customer ------------------------------------------------------------------------------------

export interface CustomerState {
  readonly name: string;
  /** Deposits not yet made. */
  readonly todo: readonly number[];
  /** Balances the teller told us, in order. */
  readonly balances: readonly number[];
  readonly tellerPresent: boolean;
}

const Customer = processOf<CustomerState>();

function customer(visit: Visit): () => Transition<CustomerState> {
  const me = visit.name;
  const next = (s: CustomerState): Transition<CustomerState> => {
    const [n, ...rest] = s.todo;
    return n === undefined
      ? transition(s, quit())
      : transition({ ...s, todo: rest }, sendFeedback(service(me, deposit(n))));
  };
  return Customer.boot(
    { name: me, todo: visit.deposits, balances: [], tellerPresent: false },
    // The demand. The manager (an observer) matches this too, but we are never told about it:
    // a participant only sees participants. The only presence we get is our teller's.
    Customer.role('account', topicSubscriber(service(me, _)), {
      onPresence: (_peer, s) => (s.tellerPresent ? undefined : next({ ...s, tellerPresent: true })),
      onAbsence: (_peer, _reason, s) => transition({ ...s, tellerPresent: false }),
      onMessage: (m, s) => {
        const b = isStruct(m, 'service', 2) ? m.fields[1]! : null;
        if (b === null || !isStruct(b, 'balance', 1) || typeof b.fields[0] !== 'number') return;
        const after = { ...s, balances: [...s.balances, b.fields[0]] };
        // Done: leaving withdraws our demand, which is what sends the teller home.
        if (after.todo.length === 0) return transition(after, quit());
        return transition(after, sendMessage(setTimer(struct('think', me), THINK_MS)));
      },
    }),
    Customer.role('thinking', topicSubscriber(timerExpired(struct('think', me), _)), {
      onMessage: (_m, s) => next(s),
    }),
  );
}

// ---- teller --------------------------------------------------------------------------------------

export interface TellerState {
  readonly customer: string;
  readonly balance: number;
  readonly served: number;
}

const Teller = processOf<TellerState>();

function teller(customerName: string): () => Transition<TellerState> {
  return Teller.boot(
    { customer: customerName, balance: 0, served: 0 },
    Teller.role('window', topicPublisher(service(customerName, _)), {
      onMessage: (m, s) => {
        const d = isStruct(m, 'service', 2) ? m.fields[1]! : null;
        if (d === null || !isStruct(d, 'deposit', 1) || typeof d.fields[0] !== 'number') return;
        const total = s.balance + d.fields[0];
        return transition(
          { ...s, balance: total, served: s.served + 1 },
          sendMessage(service(customerName, balance(total))),
        );
      },
      // Our customer left (only participants are visible to us, so this can only be the customer).
      onAbsence: (_peer, _reason, s) => transition(s, quit()),
    }),
  );
}

// ---- manager -------------------------------------------------------------------------------------

export interface ManagerState {
  /** Tellers spawned, by customer, with their pids. */
  readonly tellers: readonly { readonly customer: string; readonly pid: Pid }[];
  /** Customers whose absence the manager saw. */
  readonly departed: readonly string[];
}

const Manager = processOf<ManagerState>();

const manager = Manager.boot(
  { tellers: [], departed: [] },
  // OBSERVER publisher: it sees each customer's demand (participant subscriber) and is invisible to
  // them, so it does not satisfy the demand itself; it does not match the tellers (also publishers).
  Manager.role('demand', topicPublisher(service(_, _), { monitor: true }), {
    onPresence: (peer, s) => {
      const c = customerOf(peer.topic);
      if (c === null) return;
      return transition(
        s,
        Manager.spawn(teller(c), {
          name: `teller ${c}`,
          k: (pid, st) => transition({ ...st, tellers: [...st.tellers, { customer: c, pid }] }),
        }),
      );
    },
    onAbsence: (peer, _reason, s) => {
      const c = customerOf(peer.topic);
      return c === null ? undefined : transition({ ...s, departed: [...s.departed, c] });
    },
    // Observers still hear messages (interest type never affects delivery): the deposits flowing
    // upstream reach this publisher too. The manager ignores them.
  }),
);

// ---- auditor -------------------------------------------------------------------------------------

export interface AuditorState {
  readonly log: readonly string[];
}

const Auditor = processOf<AuditorState>();

const describe = (kind: string, peer: Role) => `${kind} ${prettyRoleShort(peer)}`;

/**
 * An `everything` subscriber on service(?, ?): it is told about publishers of every interest type,
 * so it sees the manager's observer endpoint (which no customer can) as well as each teller, and it
 * hears every balance. Nobody is told about it: it is not a participant.
 */
const auditor = Auditor.boot(
  { log: [] },
  Auditor.role('audit', topicSubscriber(service(_, _), { monitor: 'everything' }), {
    onPresence: (peer, s) => transition({ log: [...s.log, describe('+', peer)] }),
    onAbsence: (peer, reason, s) =>
      transition({ log: [...s.log, `${describe('-', peer)} ${pretty(reason)}`] }),
    onMessage: (m, s) => transition({ log: [...s.log, `msg ${pretty(m)}`] }),
  }),
);

// ---- lobby ---------------------------------------------------------------------------------------

export interface LobbyState {
  readonly requested: boolean;
  readonly waiting: readonly string[];
}

const Lobby = processOf<LobbyState>();

const arrival = (name: Term) => struct('arrival', name);

/** Sets one timer per visit once the timer driver is there, and lets each customer in when it fires. */
function lobby(visits: readonly Visit[]): () => Transition<LobbyState> {
  return Lobby.boot(
    { requested: false, waiting: visits.map((v) => v.name) },
    Lobby.role('doors', topicSubscriber(timerExpired(arrival(_), _)), {
      onMessage: (m, s) => {
        const label = isStruct(m, 'timer-expired', 2) ? m.fields[0]! : null;
        const name = label !== null && isStruct(label, 'arrival', 1) ? label.fields[0] : null;
        const visit = visits.find((v) => v.name === name);
        if (visit === undefined) return;
        const waiting = s.waiting.filter((w) => w !== visit.name);
        return transition(
          { ...s, waiting },
          spawn(customer(visit), { name: `customer ${visit.name}` }),
          waiting.length === 0 && quit(),
        );
      },
    }),
    // Rendezvous with the timer driver: set-timer requests sent before it subscribes would be lost.
    Lobby.role('clock', topicPublisher(struct('set-timer', _, _, _)), {
      onPresence: (_peer, s) =>
        s.requested
          ? undefined
          : transition(
              { ...s, requested: true },
              visits.map((v) => sendMessage(setTimer(arrival(v.name), v.arriveMs))),
            ),
    }),
  );
}

export const bankTeller: Scenario = {
  id: 'bank-teller',
  title: 'Bank teller: observers and demand-driven supply',
  description:
    'Customers arrive at the bank at different virtual times (the lobby lets alice in at 10 ms, bob at 12 ms, ' +
    'carol at 40 ms). Each customer subscribes to service(name, ?) and waits. The manager holds an OBSERVER ' +
    'publisher on service(?, ?): it gets a presence for every customer and answers by spawning a teller for ' +
    'that customer, but the customers are never told about the manager (a participant only sees participants), ' +
    'so the manager does not count as supply. The teller is a participant publisher of service(name, ?): its ' +
    'presence is what the customer was waiting for. The customer then sends deposits upstream as feedback and ' +
    'the teller answers each with the message balance(total). After its last balance the customer quits; the ' +
    'manager and the teller see its absence and the teller quits too. The auditor, an EVERYTHING subscriber, ' +
    "sees what participants cannot: its log (in its state) starts with the manager's observer endpoint. In the " +
    'debugger, watch the VM tree grow a teller per customer and shrink again, and compare the presence events ' +
    'of the manager, a customer and the auditor.',
  seed: 1,
  boot: boot(
    null,
    spawn(timerDriver, { name: 'timer' }),
    spawn(manager, { name: 'manager' }),
    spawn(auditor, { name: 'auditor' }),
    spawn(lobby(VISITS), { name: 'lobby' }),
  ),
};

export default bankTeller;
