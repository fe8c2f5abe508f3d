import type { ReactNode } from 'react';

/** A labelled region of the debugger grid. */
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
  return (
    <section role="region" aria-label={title} className={`panel ${className ?? ''}`}>
      <header className="panel-head">
        <h2>{title}</h2>
        {tools}
      </header>
      <div className="panel-body">{children}</div>
    </section>
  );
}
