/**
 * The invariants strip (issue 17, item 2): each general invariant (debugger/query/invariants.ts)
 * with its verdict at the cursor — holds, or broken with how many violations so far; a broken
 * one's button jumps to its first violation. Folded by default: the engine indexes the run for
 * the verdicts only while it is open.
 */
import { useEffect, useState } from 'react';
import { plural } from '../../debugger/views/plural.ts';
import { useActions, useSession } from '../session-context.ts';

export function InvariantsBar() {
  const [open, setOpen] = useState(false);
  return (
    <details className="invariants" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Invariants</summary>
      {open && <Verdicts />}
    </details>
  );
}

function Verdicts() {
  const { setView, jumpTo } = useActions();
  const verdicts = useSession((s) => s.frame?.invariants ?? null);
  useEffect(() => {
    setView({ invariants: true });
    return () => setView({ invariants: false });
  }, [setView]);
  if (verdicts === null) return null;
  return (
    <section aria-label="Invariants">
      <ul>
        {verdicts.map((v) => (
          <li key={v.name} data-holds={v.holds} className={v.holds ? 'holds' : 'broken'}>
            {v.holds ? '✓ ' : '✗ '}
            {v.says}
            {!v.holds && v.first !== null && (
              <button type="button" title={`Jump to the first violation of “${v.says}”`} onClick={() => jumpTo(v.first! + 1)}>
                {plural(v.count, 'violation')}: first at record {v.first + 1}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
