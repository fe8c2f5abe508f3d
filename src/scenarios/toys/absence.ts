/**
 * absence — a conversation ends with an absence, and the absence carries the reason the peer left.
 *
 *   watcher     participant SUBSCRIBER of status(?)   keeps every absence it sees, with its reason
 *   retiree     PUBLISHER of status("retiree")        on meeting the watcher, quits normally (reason false)
 *   resigner    PUBLISHER of status("resigner")       quits with its own reason, resigned("too busy")
 *   crasher     PUBLISHER of status("crasher")        its presence handler throws: the kernel contains the
 *                                                     crash, and the process quits with the error as reason
 * The watcher learns each departure, and why, from the kernel: nobody sends a goodbye message.
 * No drivers: quiescent at 0 ms.
 */
import {
  _, boot, pretty, processOf, quit, spawn, struct, topicPublisher, topicSubscriber, type Term,
} from '../../kernel/index.ts';
import { prettyRoleShort } from '../../kernel/index.ts';
import type { Scenario } from '../types.ts';

export const status = (who: Term) => struct('status', who);

interface WatcherState {
  readonly gone: readonly string[];
}

const Watcher = processOf<WatcherState>();

const watcher = Watcher.boot(
  { gone: [] },
  Watcher.role('watch', topicSubscriber(status(_)), {
    onAbsence: (peer, reason, s) => Watcher.transition({ gone: [...s.gone, `${prettyRoleShort(peer)} ${pretty(reason)}`] }),
  }),
);

const Worker = processOf<null>();

const retiree = Worker.boot(null, Worker.role('status', topicPublisher(status('retiree')), { onPresence: (_p, s) => Worker.transition(s, quit()) }));

const resigner = Worker.boot(null,
  Worker.role('status', topicPublisher(status('resigner')), { onPresence: (_p, s) => Worker.transition(s, quit(struct('resigned', 'too busy'))) }));

const crasher = Worker.boot(null,
  Worker.role('status', topicPublisher(status('crasher')), {
    onPresence: () => {
      throw new Error('disk on fire');
    },
  }));

export const absence: Scenario = {
  id: 'absence',
  title: 'Absence, with a reason',
  description:
    'A watcher subscribes to status(?); three workers publish status(name) and leave as soon as they meet it. ' +
    'The retiree quits normally (reason false), the resigner quits with a reason of its own, ' +
    'resigned("too busy"), and the crasher’s handler throws an Error. Nobody sends a goodbye: in each case the ' +
    'kernel withdraws the worker’s endpoint and tells the watcher, whose absence handler receives the reason — ' +
    'false, the worker’s own value, or the error (exn("Error", "disk on fire")). A crash is contained: the crasher ' +
    'alone quits, the VM goes on. The watcher’s state lists what it saw. No drivers: the run ends at 0 ms.',
  seed: 1,
  boot: boot(null,
    spawn(watcher, { name: 'watcher' }),
    spawn(retiree, { name: 'retiree' }),
    spawn(resigner, { name: 'resigner' }),
    spawn(crasher, { name: 'crasher' })),
};
