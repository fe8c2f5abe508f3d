/**
 * Rule send-message(body, orientation) (spec §1.6, §2.2, fact 8 of §11).
 *
 * A message sent with orientation o is delivered, at once, to every endpoint of the opposite
 * orientation whose topic matches the body: send-message (publisher) reaches subscribers,
 * send-feedback (subscriber) travels upstream to publishers. Interest type is ignored: observers
 * receive messages too. Order: the sender's own endpoints first, then other processes by ascending
 * pid, endpoints in insertion order; one delivery per matching endpoint; nothing is buffered.
 */
import type { SendMessageAction } from '../actions.ts';
import { Refused } from '../boundary.ts';
import { deliverAt, limitCrash } from '../deliver.ts';
import { messageEvent } from '../events.ts';
import type { Pid, RecordId } from '../ids.ts';
import { messageReceivers } from '../presence.ts';
import { coOrientation, type Orientation } from '../role.ts';
import type { Term } from '../term.ts';
import { emit } from '../trace.ts';
import type { Ctx, VM } from '../vm.ts';

export function sendMessage(vm: VM, ctx: Ctx, pid: Pid | null, a: SendMessageAction, cause: RecordId): VM {
  return routeMessage(vm, ctx, pid, a.body, a.orientation, cause);
}

/**
 * Delivers an owned message as if sent by `sender` (null: from outside the VM, e.g. the ground). A
 * body with wildcards whose unification with some topic is over its bounds (presence.ts) is
 * delivered to no one: the sender crashes with the limit (from outside: a limit record says so).
 */
export function routeMessage(vm: VM, ctx: Ctx, sender: Pid | null, body: Term, o: Orientation, cause: RecordId): VM {
  const receivers = messageReceivers(vm, coOrientation(o), body, sender, ctx.limits);
  if (receivers instanceof Refused) {
    const limit = receivers.limit ?? 'maxTermNodes';
    const sentence = `message not delivered: ${receivers.problem}`;
    if (sender !== null) return limitCrash(vm, ctx, sender, limit, sentence, cause);
    emit(ctx.sink, ctx.path, null, cause, { kind: 'limit', limit, sentence });
    return vm;
  }
  const event = messageEvent({ orientation: o, topic: body, interest: 'participant' }, body);
  for (const entry of receivers) {
    const p = vm.processes.get(entry.pid);
    const ep = p?.endpoints.get(entry.name);
    if (ep !== undefined) vm = deliverAt(vm, ctx, p!, ep, event, null, cause, null);
  }
  return vm;
}
