// The bank teller (the talk's resource-management example): a customer's subscription is its
// demand; the manager, an *observer*, sees every customer without being seen, and spawns one teller
// per customer; the teller serves deposits and goes home when its customer's presence goes.
import {
  _, boot, isStruct, processOf, quit, role, sendFeedback, sendMessage, spawn, struct, topicPublisher, topicSubscriber,
  transition, type Term,
} from 'os2';
import type { Program } from 'os2/program';

const service = (customer: Term, x: Term) => struct('service', customer, x);

interface Customer {
  readonly todo: readonly number[];
  readonly balance: number | null;
}
const C = processOf<Customer>();

function customer(name: string, deposits: readonly number[]) {
  const next = (s: Customer) => {
    const [n, ...rest] = s.todo;
    // Done: leaving withdraws our demand, which is what sends the teller home.
    return n === undefined ? C.transition(s, quit()) : C.transition({ ...s, todo: rest }, sendFeedback(service(name, struct('deposit', n))));
  };
  return C.boot({ todo: deposits, balance: null },
    // The demand. Only participants are visible to a participant: the one presence we see is our teller's.
    C.role('account', topicSubscriber(service(name, _)), {
      onPresence: (_peer, s) => next(s),
      onMessage: (m, s) => {
        const b = isStruct(m, 'service', 2) ? m.fields[1]! : null;
        if (b === null || !isStruct(b, 'balance', 1) || typeof b.fields[0] !== 'number') return;
        return next({ ...s, balance: b.fields[0] });
      },
    }));
}

const T = processOf<{ readonly balance: number }>();

function teller(name: string) {
  return T.boot({ balance: 0 },
    T.role('window', topicPublisher(service(name, _)), {
      onMessage: (m, s) => {
        const d = isStruct(m, 'service', 2) ? m.fields[1]! : null;
        if (d === null || !isStruct(d, 'deposit', 1) || typeof d.fields[0] !== 'number') return;
        const balance = s.balance + d.fields[0];
        return T.transition({ balance }, sendMessage(service(name, struct('balance', balance))));
      },
      onAbsence: (_peer, _reason, s) => T.transition(s, quit()),
    }));
}

// The manager: an observer publisher of every service(?, ?), so customers never see it.
const manager = boot(null,
  role('hiring', topicPublisher(service(_, _), { monitor: true }), {
    onPresence: (peer, s) => {
      const who = isStruct(peer.topic, 'service', 2) ? peer.topic.fields[0] : null;
      if (peer.orientation !== 'subscriber' || typeof who !== 'string') return;
      return transition(s, spawn(teller(who), { name: `teller-${who}` }));
    },
  }));

const program: Program = {
  title: 'Bank teller',
  description: 'Three customers each want a teller; the manager (an observer) hires one per customer, and each teller goes home when its customer leaves.',
  boot: boot(null,
    spawn(manager, { name: 'manager' }),
    spawn(customer('alice', [10, 20]), { name: 'alice' }),
    spawn(customer('bob', [5, 5, 5]), { name: 'bob' }),
    spawn(customer('carol', [100]), { name: 'carol' })),
};
export default program;
