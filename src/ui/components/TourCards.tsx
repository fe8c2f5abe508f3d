/**
 * The tour's reference cards (a stop's `card`): the talk's six questions, the visibility table, the
 * talk's types beside what the Inspector shows of each (shown with the question), and the recap (each
 * question with the stops that help answer it, as links; shown after the reveal).
 */
import { assertNever } from '../../kernel/values.ts';
import { TALK_QUESTIONS, type Card, type TalkQuestion, type TourStop } from '../../tour/stops.ts';
import { useUi } from '../ui-context.ts';

export function TourCard({ card }: { card: Card }) {
  switch (card) {
    case 'six-questions':
      return <SixQuestions />;
    case 'visibility':
      return <VisibilityTable />;
    case 'types':
      return <TypesCard />;
    case 'recap':
      return <Recap />;
    default:
      return assertNever(card, 'card');
  }
}

const QUESTIONS = Object.entries(TALK_QUESTIONS) as [TalkQuestion, string][];

function SixQuestions() {
  return (
    <section className="tour-card" aria-label="The talk’s six questions">
      <h3>The talk’s six questions about a conversation</h3>
      <ol>
        {QUESTIONS.map(([k, q]) => (
          <li key={k}>{q}</li>
        ))}
      </ol>
    </section>
  );
}

/** [local L][peer R]: is L told of R? (spec §1.3: iff R is a participant or L is everything). */
const LEVELS = ['participant', 'observer', 'everything'] as const;
const told = (local: string, peer: string): boolean => peer === 'participant' || local === 'everything';

function VisibilityTable() {
  return (
    <section className="tour-card" aria-label="Visibility table">
      <h3>Who is told of whom</h3>
      <table className="visibility">
        <caption>An endpoint (row) is told of a matching peer (column) iff the peer is a participant or the endpoint is everything.</caption>
        <thead>
          <tr>
            <th scope="col">told ↓ / of →</th>
            {LEVELS.map((l) => (
              <th key={l} scope="col">
                {l}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {LEVELS.map((local) => (
            <tr key={local}>
              <th scope="row">{local}</th>
              {LEVELS.map((peer) => (
                <td key={peer} className={told(local, peer) ? 'sees' : 'blind'}>
                  {told(local, peer) ? 'sees' : '–'}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

const TYPES: readonly { readonly type: string; readonly inspector: string }[] = [
  { type: 'Process = ∃State. State × [Endpoint]', inspector: 'the selected process: its State and its Endpoints' },
  { type: 'Endpoint = Topic × Role × InterestType × PresenceHandler × AbsenceHandler × MessageHandler', inspector: 'one row of Endpoints: name, pub/sub, interest, topic' },
  { type: 'Transition = State × [Action]', inspector: 'after a handler runs: the new State, and its actions under Pending actions' },
  { type: 'Action = Yield + AtMetaLevel Preaction + Preaction', inspector: 'each pending action, and an action record when it is performed' },
  { type: 'runVM :: VMState → VMState × [Action]', inspector: 'one round of the VM: the round records in the Event log' },
];

function TypesCard() {
  return (
    <section className="tour-card" aria-label="The talk’s types">
      <h3>The talk’s types, and where the Inspector shows them</h3>
      <dl className="types">
        {TYPES.map((t) => (
          <div key={t.type}>
            <dt>
              <code>{t.type}</code>
            </dt>
            <dd>{t.inspector}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function Recap() {
  const stops = useUi((s) => s.stops);
  const goTo = useUi((s) => s.goTo);
  // The recap itself is not among the answers it lists.
  const byQuestion = (q: TalkQuestion): TourStop[] => stops.filter((s) => s.card !== 'recap' && s.answers.includes(q));
  return (
    <section className="tour-card" aria-label="Recap">
      <h3>The six questions, and the stops that answered them</h3>
      <dl className="recap">
        {QUESTIONS.map(([k, q]) => (
          <div key={k}>
            <dt>{q}</dt>
            <dd>
              {byQuestion(k).map((s, i) => (
                <span key={s.id}>
                  {i > 0 && ' · '}
                  <button type="button" className="link" onClick={() => goTo(s.id)}>
                    {s.title}
                  </button>
                </span>
              ))}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
