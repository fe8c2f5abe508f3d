/**
 * A record as the event log prints it, "#30<-29 ground p2 deliver …", with its head explained: a
 * tooltip on "#30<-29" says "record #30, caused by record #29" (the notation is the trace's own:
 * `prettyRecord` in src/kernel/trace-pretty.ts).
 */
const HEAD = /^#(\d+)(?:<-(\d+))?/;

/** What the head of a printed record means, or null if `text` does not start with one. */
export function recordHeadTitle(text: string): string | null {
  const m = HEAD.exec(text);
  if (m === null) return null;
  return m[2] === undefined ? `record #${m[1]}, caused by nothing before it` : `record #${m[1]}, caused by record #${m[2]}`;
}

export function RecordText({ text }: { text: string }) {
  const head = HEAD.exec(text)?.[0];
  const title = recordHeadTitle(text);
  if (head === undefined || title === null) return <>{text}</>;
  return (
    <>
      <abbr className="record-head" title={title}>
        {head}
      </abbr>
      {text.slice(head.length)}
    </>
  );
}

/** The legend of the notation, for lists that use it on every line. */
export const CAUSE_LEGEND = '#a<-b: record a, caused by record b';
