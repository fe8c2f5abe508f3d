/**
 * The playground's editor: CodeMirror 6 with TypeScript syntax, completion of the names a program
 * can import, their declarations and doc comments on hover (playground/hover.ts), and the
 * program's problem shown at its line (a lint diagnostic). Loaded lazily (it is a large chunk):
 * the playground imports it when it opens.
 */
import { EditorView, basicSetup } from 'codemirror';
import { hoverTooltip, type Tooltip } from '@codemirror/view';
import { javascript, javascriptLanguage } from '@codemirror/lang-javascript';
import { completeFromList } from '@codemirror/autocomplete';
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { OS2_NAMES, WORLD_NAMES } from '../../playground/api-names.ts';
import { describeProblem, type ProgramProblem } from '../../playground/problem.ts';
import { apiHover } from '../../playground/hover.ts';

const COMPLETIONS = [
  ...OS2_NAMES.map((label) => ({ label, type: /^[A-Z_]+$/.test(label) ? 'constant' : 'function', detail: "os2" })),
  ...WORLD_NAMES.map((label) => ({ label, type: /^[A-Z_]+$/.test(label) ? 'constant' : 'function', detail: 'os2/world' })),
  ...['os2', 'os2/world', 'os2/program'].map((label) => ({ label, type: 'namespace', detail: 'module' })),
];

/** The word under the pointer: an identifier, or a module name in quotes ('os2/world'). */
function wordAt(text: string, pos: number): { from: number; to: number; word: string } | null {
  const isWord = (c: string | undefined) => c !== undefined && /[\w$/]/.test(c);
  let from = pos;
  let to = pos;
  while (isWord(text[from - 1])) from--;
  while (isWord(text[to])) to++;
  if (from === to) return null;
  return { from, to, word: text.slice(from, to) };
}

/** A tooltip with the name's declaration (as a `.d.ts` prints it), its module and its doc comment. */
const apiTooltips = hoverTooltip((view, pos): Tooltip | null => {
  const line = view.state.doc.lineAt(pos);
  const w = wordAt(line.text, pos - line.from);
  if (w === null) return null;
  // An identifier never contains '/': outside quotes, hover the part of the word under the pointer.
  const quoted = /['"]/.test(line.text[w.from - 1] ?? '');
  const parts = quoted ? w : splitSlashes(w, pos - line.from);
  const h = parts === null ? null : apiHover(view.state.doc.toString(), parts.word);
  if (h === null || parts === null) return null;
  return {
    pos: line.from + parts.from,
    end: line.from + parts.to,
    above: true,
    create: () => {
      const dom = document.createElement('div');
      dom.className = 'cm-api-hover';
      const sig = dom.appendChild(document.createElement('pre'));
      sig.textContent = h.signature;
      const from = dom.appendChild(document.createElement('div'));
      from.className = 'cm-api-hover-module';
      from.textContent = h.name === h.module ? 'module' : `from '${h.module}'`;
      if (h.doc !== '') dom.appendChild(document.createElement('p')).textContent = h.doc;
      return { dom };
    },
  };
});

function splitSlashes(w: { from: number; to: number; word: string }, at: number): { from: number; to: number; word: string } | null {
  let from = w.from;
  for (const part of w.word.split('/')) {
    const to = from + part.length;
    if (at >= from && at <= to && part !== '') return { from, to, word: part };
    from = to + 1;
  }
  return null;
}

export function createEditor(parent: HTMLElement, doc: string, onChange: (text: string) => void): EditorView {
  return new EditorView({
    doc,
    parent,
    extensions: [
      basicSetup,
      javascript({ typescript: true }),
      javascriptLanguage.data.of({ autocomplete: completeFromList(COMPLETIONS) }),
      lintGutter(),
      apiTooltips,
      EditorView.updateListener.of((u) => {
        if (u.docChanged) onChange(u.state.doc.toString());
      }),
      EditorView.contentAttributes.of({ 'aria-label': 'Program source' }),
    ],
  });
}

/** Replaces the text (a template, a shared program) unless it is already that. */
export function setText(view: EditorView, text: string): void {
  if (view.state.doc.toString() === text) return;
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
}

/** Shows the problem at its line (the whole line; from its column when there is one), or clears it. */
export function showProblem(view: EditorView, p: ProgramProblem | null): void {
  const diagnostics: Diagnostic[] = [];
  if (p !== null) {
    const doc = view.state.doc;
    const line = doc.line(Math.min(Math.max(p.line ?? 1, 1), doc.lines));
    const from = p.column === null ? line.from : Math.min(line.from + p.column - 1, line.to);
    diagnostics.push({ from, to: Math.max(from, line.to), severity: 'error', message: describeProblem(p) });
  }
  view.dispatch(setDiagnostics(view.state, diagnostics));
}

export type { EditorView };
