/**
 * The Code panel (issue 13, item 4; docs/code-panel.md): the current scenario's source, from the
 * real files, with the code that made the current record highlighted — the handler that ran, the
 * process's code and the spawn that named it, and for a presence or absence the peer's endpoint.
 * It follows the cursor (unless told not to). For the talk's own examples it shows the talk's
 * Racket beside ours, the same role highlighted in both.
 */
import { memo, useEffect, useMemo, useRef, useState } from 'react';
import { scenarioFiles } from '../../debugger/code/locate.ts';
import { codeTarget, focusLine, marksIn, NO_TARGET, targetFile, type CodeTarget, type Mark } from '../../debugger/code/marks.ts';
import type { CodeFocus } from '../../debugger/views/code-focus.ts';
import { useStatus } from '../session-context.ts';
import { highlightLines, type Piece } from '../code/highlight.ts';
import { TALK_CODE, TALK_CREDIT, talkRoleLines } from '../code/talk-code.ts';
import { useSources, type Sources } from '../code/use-sources.ts';
import { useLineWindow } from '../code/line-window.ts';
import { Panel } from './Panel.tsx';
import '../code/code.css';

const MARK_TITLE: Readonly<Record<Mark, string>> = {
  handler: 'the endpoint whose handler made this record',
  peer: 'the peer endpoint (its presence or absence)',
  spawn: 'where the process is spawned and named',
  body: 'the code the process runs',
};

export function CodePanel() {
  const scenario = useStatus((st) => st.origin.scenario, null);
  const focus = useStatus((st) => st.current?.focus ?? null, null);
  const sources = useSources();
  const [follow, setFollow] = useState(true);
  const [picked, setPicked] = useState<string | null>(null);
  const [talkShown, setTalkShown] = useState(true);
  const files = useMemo(() => (sources === null || scenario === null ? [] : scenarioFiles(sources.set, scenario)), [sources, scenario]);
  const target = useMemo(() => (sources === null ? NO_TARGET : codeTarget(sources.set, files, focus)), [sources, files, focus]);
  const followed = targetFile(target) ?? files[0] ?? null;
  const file = follow || picked === null || !files.includes(picked) ? followed : picked;
  const talk = scenario === null ? undefined : TALK_CODE[scenario];
  const pick = (f: string) => {
    setPicked(f);
    setFollow(false);
  };
  const tools = (
    <div className="code-tools">
      <label className="inline-check">
        <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> follow the cursor
      </label>
      {talk !== undefined && (
        <label className="inline-check">
          <input type="checkbox" checked={talkShown} onChange={(e) => setTalkShown(e.target.checked)} /> the talk's code
        </label>
      )}
    </div>
  );
  return (
    <Panel title="Code" className="panel-code" tools={tools}>
      {sources === null || file === null ? (
        <p className="empty">{sources === null ? 'Loading the sources…' : 'No source for this scenario.'}</p>
      ) : (
        <>
          <FilePicker files={files} file={file} onPick={pick} />
          <FocusLine focus={focus} target={target} onPick={pick} />
          <div className={`code-columns${talk !== undefined && talkShown ? ' with-talk' : ''}`}>
            <SourceView sources={sources} file={file} target={target} />
            {talk !== undefined && talkShown && <TalkView title={talk.title} text={talk.text} role={focus?.actor?.endpoint ?? null} />}
          </div>
        </>
      )}
    </Panel>
  );
}

function FilePicker({ files, file, onPick }: { files: readonly string[]; file: string; onPick: (f: string) => void }) {
  return (
    <label className="code-file">
      File{' '}
      <select value={file} onChange={(e) => onPick(e.target.value)}>
        {files.map((f) => (
          <option key={f} value={f}>
            {f.replace(/^src\//, '')}
          </option>
        ))}
      </select>
    </label>
  );
}

const shortFile = (f: string) => f.slice(f.lastIndexOf('/') + 1);

/** One sentence: which process and endpoint the record points at, and where they are (a place shows its file). */
function FocusLine({ focus, target, onPick }: { focus: CodeFocus | null; target: CodeTarget; onPick: (file: string) => void }) {
  const a = focus?.actor;
  if (a == null) return <p className="code-focus muted">This record belongs to no process (the world, or the start).</p>;
  const name = a.names.join(' › ');
  const at = (file: string | undefined, line: number | undefined) =>
    file === undefined || line === undefined ? (
      'not found in the source'
    ) : (
      <button type="button" className="code-link" title={`Show ${file}`} onClick={() => onPick(file)}>
        {shortFile(file)}:{line + 1}
      </button>
    );
  return (
    <p className="code-focus" aria-live="polite">
      <span className="code-key code-key-spawn" /> <strong>{name}</strong> ({at(target.process?.file, target.process?.nameLine)})
      {a.endpoint !== null && (
        <>
          {' · '}
          <span className="code-key code-key-handler" /> endpoint <strong>{a.endpoint}</strong> ({at(target.endpoint?.file, target.endpoint?.range.from)})
        </>
      )}
      {focus?.peer != null && focus.peer.endpoint !== null && (
        <>
          {' · '}
          <span className="code-key code-key-peer" /> peer <strong>{focus.peer.names.join(' › ')}</strong> {focus.peer.endpoint} (
          {at(target.peer?.file, target.peer?.range.from)})
        </>
      )}
    </p>
  );
}

function SourceView({ sources, file, target }: { sources: Sources; file: string; target: CodeTarget }) {
  const text = sources.texts.get(file) ?? '';
  const lines = useMemo(() => highlightLines(text), [text]);
  const marks = useMemo(() => marksIn(target, file), [target, file]);
  const scroll = useRef<HTMLDivElement>(null);
  const win = useLineWindow(scroll, lines.length, focusLine(target, file), file);
  return (
    <div
      ref={scroll}
      className="code-view"
      tabIndex={0}
      role="region"
      aria-label={`Source: ${file.replace(/^src\//, '')}`}
      data-own-keys="ArrowUp ArrowDown PageUp PageDown"
      data-file={file}
      onScroll={win.onScroll}
    >
      <div className="code-spacer" style={{ height: win.above }} aria-hidden="true" />
      {lines.slice(win.from, win.to).map((pieces, i) => (
        <CodeLine key={win.from + i} n={win.from + i} pieces={pieces} mark={marks.get(win.from + i) ?? null} />
      ))}
      <div className="code-spacer" style={{ height: win.below }} aria-hidden="true" />
    </div>
  );
}

/** Brings `line` near the top of the view when it changes (in the next frame: no layout read while React commits). */
function useScrollTo(ref: React.RefObject<HTMLDivElement | null>, file: string, line: number | null): void {
  useEffect(() => {
    if (line === null) return;
    const id = requestAnimationFrame(() => {
      const box = ref.current;
      const el = box?.querySelector<HTMLElement>(`[data-line="${line}"]`);
      if (box == null || el == null) return;
      const top = el.offsetTop - box.offsetTop;
      if (top < box.scrollTop || top > box.scrollTop + box.clientHeight - el.offsetHeight * 3) box.scrollTop = Math.max(0, top - el.offsetHeight * 2);
    });
    return () => cancelAnimationFrame(id);
  }, [ref, file, line]);
}

const CodeLine = memo(function CodeLine({ n, pieces, mark }: { n: number; pieces: readonly Piece[]; mark: Mark | null }) {
  return (
    <div className="code-line" data-line={n} data-mark={mark ?? undefined} title={mark === null ? undefined : MARK_TITLE[mark]}>
      <span className="code-ln" aria-hidden="true">
        {n + 1}
      </span>
      <code>
        {pieces.map((p, i) => (p.cls === '' ? p.text : <span key={i} className={`tok-${p.cls}`}>{p.text}</span>))}
      </code>
    </div>
  );
});

function TalkView({ title, text, role }: { title: string; text: string; role: string | null }) {
  const lines = useMemo(() => text.split('\n'), [text]);
  const hit = role === null ? null : talkRoleLines(text, role);
  const scroll = useRef<HTMLDivElement>(null);
  useScrollTo(scroll, title, hit?.from ?? null);
  return (
    <figure className="talk-code" aria-label="The talk's code">
      <figcaption>
        <strong>In the talk</strong> ({title}). {TALK_CREDIT}
      </figcaption>
      <div ref={scroll} className="code-view talk-view" tabIndex={0} role="region" aria-label="The talk's Racket code" data-own-keys="ArrowUp ArrowDown PageUp PageDown">
        {lines.map((l, i) => (
          <div key={i} className="code-line" data-line={i} data-mark={hit !== null && i >= hit.from && i <= hit.to ? 'handler' : undefined}>
            <code>{l}</code>
          </div>
        ))}
      </div>
    </figure>
  );
}
