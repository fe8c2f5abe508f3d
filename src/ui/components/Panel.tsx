import type { ReactNode } from 'react';
import { PANEL_TITLES, type PanelId } from '../../tour/stops.ts';
import { highlightedPanels } from '../ui-store.ts';
import { useUiOptional } from '../ui-context.ts';
import { PanelExport } from '../io/ExportMenu.tsx';

const BY_TITLE = new Map<string, PanelId>(Object.entries(PANEL_TITLES).map(([id, title]) => [title, id as PanelId]));

/** A labelled region of the debugger grid; outlined when the tour's current stop points at it. */
export function Panel({
  title,
  className,
  tools,
  children,
}: {
  title: string;
  className?: string;
  tools?: ReactNode;
  children: ReactNode;
}) {
  const id = BY_TITLE.get(title);
  const highlighted = useUiOptional((s) => id !== undefined && highlightedPanels(s).includes(id), false);
  return (
    <section
      role="region"
      aria-label={title}
      className={`panel ${className ?? ''}${highlighted ? ' tour-highlight' : ''}`}
      data-panel={id}
      data-highlighted={highlighted ? 'true' : undefined}
    >
      <header className="panel-head">
        <h2>
          {title}
          {highlighted && <span className="highlight-badge">look here</span>}
        </h2>
        {tools}
        {id !== undefined && <PanelExport panel={id} />}
      </header>
      <div className="panel-body">{children}</div>
    </section>
  );
}
