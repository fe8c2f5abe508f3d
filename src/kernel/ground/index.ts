/**
 * The public surface of the simulated world (docs/kernel-api.md §7): what runs os2 programs, as
 * opposed to the calculus they are written in (src/kernel/index.ts).
 *
 *   ground VM     groundVm, stepGround, injectMessage, fireEvent, runUntilIdle (a pure reducer)
 *   simulation    the ground VM plus its world (clock, network, scripted clients): createSimulation, simStep
 *   run           the one reducer that advances a run, with its inputs and budget: makeRun, advance
 *   choices       what the ground could deliver next, and a step that delivers the chosen one
 *   drivers       timer, TCP, UDP and the event relay, ordinary os2 processes, with their message shapes
 *   clients       scripted hosts on the virtual network (ClientSpec)
 *   descriptors   virtual ground-event descriptors (what drivers subscribe to)
 *   rng           the seeded PRNG as a value, for programs that draw numbers deterministically
 * Code outside src/kernel imports the kernel only through this file and src/kernel/index.ts (ESLint).
 */
export {
  groundVm, stepGround, injectMessage, fireEvent, killProcess, runUntilIdle, groundStatus, eventSources,
  type GroundVM, type GroundStatus, type GroundStep, type GroundOptions, type DeliveryInfo,
} from './ground.ts';
export {
  createSimulation, simStep, applyInput, nextTime, type Simulation, type SimStep, type SimStatus, type SimOptions,
} from './sim.ts';
export {
  makeRun, withInputs, advance, isOver, runToEnd, runSimulation, inputDue, orderInputs, DEFAULT_BUDGET, DEFAULT_MAX_STEPS,
  type Run, type RunBudget, type RunStatus, type Unit, type Advanced,
} from './run.ts';
export type { Input, Intervention, Choice, ImmediateIntervention } from './inputs.ts';
export {
  choicesAt, defaultChoice, chooseStep, choiceId, type ChoiceId, type GroundChoice, type FaultKind, type PacketKind,
} from './choices.ts';
export { DEFAULT_NET, EXTERNAL_OWNER, type NetConfig, type Partition } from './world.ts';
export { externalEnd, type ExternalEvent, type ExternalHappening } from './external.ts';
export type { ClientSpec, ClientStep } from './clients.ts';
export { tcpClientSpec, type TcpClientFields } from './line-client.ts';
export {
  timerEvt, tcpListenEvt, tcpAcceptEvt, tcpUnlistenEvt, tcpConnectEvt, tcpEstablishedEvt, tcpReadLineEvt,
  tcpReadEvt, tcpEofEvt, tcpWriteEvt, tcpCloseEvt, udpBindEvt, udpSendEvt, udpRecvEvt, udpCloseEvt, EOF, OK,
} from './descriptors.ts';
export { seedRng, nextInt, nextFloat, type Rng } from './rng.ts';
export { setTimer, timerExpired, timerDriver, timerRelay } from '../drivers/timer.ts';
export {
  tcpDriver, tcpAddress, tcpListener, tcpHandle, tcpChannel, tcpCredit, tcpMode, isEof,
} from '../drivers/tcp.ts';
export {
  udpDriver, udpRemoteAddress, udpHandle, udpListener, udpHostListener, udpPacket, handleMapping, anyRemote,
  isUdpLocalAddress,
} from '../drivers/udp.ts';
export { eventRelay } from '../drivers/event-relay.ts';
