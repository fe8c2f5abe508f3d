/**
 * feedback — orientation decides who receives: a message (send-message) goes down to subscribers,
 * feedback (send-feedback) goes up to publishers; the interest type never matters for delivery.
 *
 *   radio      participant PUBLISHER  of song(?)   answers a request(genre) with a song
 *   listener   participant SUBSCRIBER of song(?)   on the radio's presence, asks upstream:
 *                                                  send-feedback song(request("jazz"))
 *   recorder   OBSERVER    SUBSCRIBER of song(?)   nobody is told of it, yet it receives every song
 * The radio answers with the message song("so what"), then quits; the listener and the recorder leave
 * when they see it go. No drivers: quiescent at 0 ms.
 */
import {
  _, boot, isStruct, pretty, processOf, quit, sendFeedback, sendMessage, spawn, struct, topicPublisher, topicSubscriber,
  type Term,
} from '../../kernel/index.ts';
import type { Scenario } from '../types.ts';

export const song = (x: Term) => struct('song', x);
export const request = (genre: Term) => struct('request', genre);

/** The song the radio plays for a jazz request. */
export const TUNE = 'so what';

const Radio = processOf<number>();

const radio = Radio.boot(0,
  Radio.role('station', topicPublisher(song(_)), {
    // Feedback only: a request came upstream from a subscriber.
    onMessage: (m, played) =>
      isStruct(m, 'song', 1) && isStruct(m.fields[0]!, 'request', 1)
        ? Radio.transition(played + 1, sendMessage(song(TUNE)), quit())
        : undefined,
  }));

interface EarState {
  readonly heard: readonly string[];
}

const Ear = processOf<EarState>();

const ear = (monitor: boolean, ask: boolean) => Ear.boot({ heard: [] },
  Ear.role('tuner', topicSubscriber(song(_), { monitor }), {
    onPresence: (_peer, s) => (ask ? Ear.transition(s, sendFeedback(song(request('jazz')))) : undefined),
    onMessage: (m, s) => Ear.transition({ heard: [...s.heard, pretty(m)] }),
    onAbsence: (_p, _r, s) => Ear.transition(s, quit()),
  }));

export const feedback: Scenario = {
  id: 'feedback',
  title: 'Orientation: messages go down, feedback goes up',
  description:
    'The radio publishes song(?); the listener subscribes to it, and so does the recorder, as an observer. When ' +
    'the listener sees the radio (presence) it sends song(request("jazz")) as feedback: feedback travels upstream, ' +
    'so it reaches the publisher — the radio — and no subscriber, not even the recorder. The radio answers with ' +
    `the message song("${TUNE}"), which travels downstream to every subscriber: the listener and the recorder. The ` +
    'recorder is an observer — nobody is told it is there — but interest types change only who is told of whom, ' +
    'never who receives. The radio then quits, and the others follow. No drivers: the run ends at 0 ms.',
  seed: 1,
  boot: boot(null,
    spawn(radio, { name: 'radio' }),
    spawn(ear(false, true), { name: 'listener' }),
    spawn(ear(true, false), { name: 'recorder' })),
};
