/**
 * patterns — a topic is a pattern, i.e. a set of messages; presence carries the intersection of two
 * patterns; a message is a topic with no holes, and it reaches every subscriber whose set holds it.
 *
 *   sun-seeker   SUBSCRIBER of weather(?, "sunny")     any place, as long as it is sunny
 *   paris-fan    SUBSCRIBER of weather("paris", ?)     any weather, as long as it is Paris
 *   oslo-fan     SUBSCRIBER of weather("oslo", ?)      shares no message with the forecaster: never told of it
 *   forecaster   PUBLISHER  of weather("paris", ?)     waits until it has met FANS subscribers, then sends
 *                                                      weather("paris", "sunny") and weather("paris", "rain")
 *                                                      and quits
 * Each subscriber keeps the topics its presence handler was given and the messages it received.
 * No drivers: quiescent at 0 ms.
 */
import {
  _, boot, pretty, processOf, quit, sendMessage, spawn, struct, topicPublisher, topicSubscriber, type Term,
} from '../../kernel/index.ts';
import type { Scenario } from '../types.ts';

/** How many subscribers the forecaster meets (presence) before it sends. */
export const FANS = 2;

export const weather = (place: Term, sky: Term) => struct('weather', place, sky);

interface FanState {
  /** The topics presence handed us (the intersection with the publisher's pattern). */
  readonly met: readonly string[];
  readonly heard: readonly string[];
}

const Fan = processOf<FanState>();

const fan = (pattern: Term) => Fan.boot(
  { met: [], heard: [] },
  Fan.role('forecasts', topicSubscriber(pattern), {
    onPresence: (peer, s) => Fan.transition({ ...s, met: [...s.met, pretty(peer.topic)] }),
    onMessage: (m, s) => Fan.transition({ ...s, heard: [...s.heard, pretty(m)] }),
    onAbsence: (_p, _r, s) => Fan.transition(s, quit()),
  }),
);

const Forecaster = processOf<number>();

const forecaster = Forecaster.boot(0,
  Forecaster.role('forecast', topicPublisher(weather('paris', _)), {
    onPresence: (_peer, met) => met + 1 === FANS
      ? Forecaster.transition(met + 1, sendMessage(weather('paris', 'sunny')), sendMessage(weather('paris', 'rain')), quit())
      : Forecaster.transition(met + 1),
  }));

export const patterns: Scenario = {
  id: 'patterns',
  title: 'Topics are patterns: sets of messages',
  description:
    'A topic is a pattern with holes (?): the set of messages that fill it. The forecaster publishes ' +
    'weather("paris", ?); the sun-seeker subscribes to weather(?, "sunny"), the paris-fan to weather("paris", ?), ' +
    'the oslo-fan to weather("oslo", ?). Presence is computed by intersecting patterns: the sun-seeker is told of ' +
    'the forecaster with the topic weather("paris", "sunny") — the messages both of them allow — and the oslo-fan, ' +
    'whose set shares nothing with the forecaster’s, is never told. A message is a topic without holes and carries ' +
    'its own topic, like a packet its header: weather("paris", "sunny") reaches the sun-seeker and the paris-fan, ' +
    'weather("paris", "rain") only the paris-fan. Each subscriber keeps, in its state, what it met and heard.',
  seed: 1,
  boot: boot(null,
    spawn(fan(weather(_, 'sunny')), { name: 'sun-seeker' }),
    spawn(fan(weather('paris', _)), { name: 'paris-fan' }),
    spawn(fan(weather('oslo', _)), { name: 'oslo-fan' }),
    spawn(forecaster, { name: 'forecaster' })),
};
