/**
 * The names a program can import, for the editor's completion (the main thread must not load the
 * kernel to list them: test/playground/api-names.test.ts keeps these lists equal to the modules).
 */
export const OS2_NAMES: readonly string[] = [
  'DEFAULT_LIMITS', 'KERNEL_VERSION', '_', 'addRole', 'alphaEquivalent', 'assertNever', 'atMetaLevel', 'boot',
  'bytes', 'bytesToText', 'canonicalize', 'children', 'coOrientation', 'crashReason', 'deleteRole', 'endpointName', 'evt',
  'handler', 'intersect', 'invalidTermReason', 'isBytes', 'isCrashReason', 'isEvt', 'isGround', 'isJsonError',
  'isList', 'isSpecialization', 'isStruct', 'isWild', 'kill', 'makeRole', 'match', 'nestedVm', 'pid', 'pretty',
  'prettyAction', 'prettyBytes', 'prettyEvent', 'prettyRecord', 'prettyRoleShort', 'prettyVmPath', 'prettyWith',
  'processOf', 'quit', 'recordId', 'role', 'rolesEqual', 'sendFeedback', 'sendMessage', 'spawn', 'struct',
  'termEquals', 'termFromJson', 'termKind', 'termToJson', 'topicPublisher', 'topicSubscriber', 'transition',
  'unifiable', 'visible', 'wild', 'yieldThen',
];

export const WORLD_NAMES: readonly string[] = [
  'DEFAULT_BUDGET', 'DEFAULT_MAX_STEPS', 'DEFAULT_NET', 'EOF', 'EXTERNAL_OWNER', 'OK', 'advance', 'anyRemote', 'applyInput',
  'choiceId', 'choicesAt', 'chooseStep', 'createSimulation', 'defaultChoice', 'eventRelay', 'eventSources', 'externalEnd', 'fireEvent', 'groundStatus', 'groundVm', 'handleMapping',
  'injectMessage', 'inputDue', 'isEof', 'isOver', 'isUdpLocalAddress', 'killProcess', 'makeRun', 'nextFloat',
  'nextInt', 'nextTime', 'orderInputs', 'runSimulation', 'runToEnd', 'runUntilIdle', 'seedRng', 'setTimer',
  'simStep', 'stepGround', 'tcpAcceptEvt', 'tcpAddress', 'tcpChannel', 'tcpClientSpec', 'tcpCloseEvt',
  'tcpConnectEvt', 'tcpCredit', 'tcpDriver', 'tcpEofEvt', 'tcpEstablishedEvt', 'tcpHandle', 'tcpListenEvt',
  'tcpListener', 'tcpMode', 'tcpReadEvt', 'tcpReadLineEvt', 'tcpUnlistenEvt', 'tcpWriteEvt', 'timerDriver',
  'timerEvt', 'timerExpired', 'timerRelay', 'udpBindEvt', 'udpCloseEvt', 'udpDriver', 'udpHandle', 'udpHostListener',
  'udpListener', 'udpPacket', 'udpRecvEvt', 'udpRemoteAddress', 'udpSendEvt', 'withInputs',
];
