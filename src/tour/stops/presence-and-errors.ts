/** Tour stops for presence as rendezvous, and errors propagated by loss of presence. */
import type { TourStop } from '../stops.ts';

export const PRESENCE_AND_ERROR_STOPS: readonly TourStop[] = [
  {
    id: 'rendezvous',
    section: 'Presence as rendezvous',
    title: 'Synchronise with presence, then communicate',
    text:
      'Presence synchronises; messages communicate. The patient client waited for the server’s presence before ' +
      'asking, and it is about to be answered. The blind client asked at boot, before the server existed: ' +
      'messages are not buffered, nobody matched its question, and it is simply gone — the blind client waits ' +
      'forever. Rendezvous via presence removes races at boot time.',
    scenario: 'rendezvous',
    at: { match: { kind: 'deliver', proc: 'patient-client', text: 'server-presence presence' } },
    panels: ['event-log', 'presence-graph'],
    select: { name: 'blind-client' },
    tryThis: [
      {
        text: 'Jump back to the blind client’s question: an action record, and no delivery after it.',
        action: { kind: 'seek', to: { match: { kind: 'action', proc: 'blind-client', text: 'send-feedback ask("blind", "hello")' } } },
      },
      { text: 'Inject the answer the blind client waits for, from outside.', action: { kind: 'inject', body: 'answer("blind", "hello from outside")' } },
    ],
    expect: {
      logContains: 'server-presence presence pub ask("patient", ?0) from p5 questions => ok [send-feedback ask("patient", "hello")]',
      treeContains: ['patient-client', 'blind-client', 'server'],
      inspectorContains: 'replies',
    },
  },
  {
    id: 'errors-links',
    section: 'Errors by loss of presence',
    title: 'A link is a conversation that ends',
    text:
      'Errors propagate by loss of presence. The worker adder#1 crashed on a poison job, and the kernel ' +
      'withdrew its endpoints with the crash as the reason. Its helper subscribes to link("adder", 1), which ' +
      'the worker publishes: seeing that presence go with a crash reason, it exits with the same reason, as an ' +
      'Erlang link’s exit signal would (a normal exit, reason false, would not propagate). But this link runs ' +
      'one way: Erlang’s links are mutual, while here the worker’s end of the link has no handler — it is told ' +
      'when its helper goes and does nothing — so a crashing helper would not take the worker with it.',
    scenario: 'supervisor',
    at: { match: { kind: 'deliver', proc: 'helper of adder#1', text: 'link absence' } },
    panels: ['event-log', 'vm-tree'],
    select: { name: 'helper of adder#1' },
    tryThis: [
      { text: 'Step back ten records to the crash itself.', action: { kind: 'step', by: -10 } },
      { text: 'Kill the client instead, with a reason of your own, and see who notices.', action: { kind: 'kill', process: 'client', reason: 'killed-by-user()' } },
    ],
    expect: {
      logContains: 'link absence pub link("adder", 1) exn("Error", "poison job p1") from p5 link => ok [quit exn("Error", "poison job p1")]',
      treeContains: ['supervisor', 'client', 'saboteur'],
      inspectorContains: 'link',
    },
  },
  {
    id: 'errors-supervisor',
    section: 'Errors by loss of presence',
    title: 'A supervisor is a monitor that restarts',
    text:
      'The supervisor is an observer of worker(?, ?) — an Erlang monitor: it sees a worker’s absence and the ' +
      'reason, without being anyone’s partner. On a crash it starts the next incarnation of the worker; after ' +
      'three restarts within 100 ms it gives up and quits with reason shutdown(…), as an OTP supervisor does.',
    scenario: 'supervisor',
    at: { match: { kind: 'deliver', proc: 'supervisor', text: 'children absence' } },
    panels: ['event-log', 'inspector'],
    select: { name: 'supervisor' },
    tryThis: [
      {
        text: 'Jump to the supervisor giving up after the fourth crash.',
        action: { kind: 'seek', to: { match: { kind: 'quit', proc: 'supervisor' } } },
      },
    ],
    expect: {
      logContains: 'children absence pub worker("adder", ?0) exn("Error", "poison job p1")',
      treeContains: ['supervisor', 'helper of adder#1'],
      inspectorContains: 'sub/observer worker',
    },
  },
  {
    id: 'errors-ssh',
    section: 'Errors by loss of presence',
    title: 'The SSH exception handler',
    text:
      'The same idea at the scale of a real protocol. Bob sends a packet whose length field says 1 MiB, and the ' +
      'reader crashes with an SSH protocol error. The exception handler, an everything observer inside bob’s ' +
      'session VM, sees the reader’s endpoints vanish with that reason; it sends DISCONNECT through the writer ' +
      'and, once that is flushed, ends the whole session VM.',
    scenario: 'ssh-nested',
    at: { match: { kind: 'deliver', proc: 'exception-handler', text: ['absence', 'SshProtocolError'] } },
    panels: ['event-log', 'vm-tree'],
    select: { name: 'exception-handler', inVm: 'ssh-session 2 bob:49153' },
    tryThis: [
      {
        text: 'Jump to the end of bob’s session VM: everything inside vanishes with it.',
        action: { kind: 'seek', to: { match: { kind: 'quit', proc: 'ssh-session 2 bob:49153' } } },
      },
    ],
    expect: {
      logContains: 'absence sub inbound-credit(?0) exn("SshProtocolError", "PROTOCOL_ERROR: bad packet length 1048576")',
      treeContains: ['ssh-session 2 bob:49153', 'exception-handler', 'writer'],
      inspectorContains: 'watch-publishers',
    },
  },
];
