/**
 * The playground's editor: CodeMirror 6 with TypeScript syntax, completion of the names a program
 * can import, and the program's problem shown at its line (a lint diagnostic). Loaded lazily (it
 * is a large chunk): the playground imports it when it opens.
 */
import { EditorView, basicSetup } from 'codemirror';
import { javascript, javascriptLanguage } from '@codemirror/lang-javascript';
import { completeFromList } from '@codemirror/autocomplete';
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { OS2_NAMES, WORLD_NAMES } from '../../playground/api-names.ts';
import { describeProblem, type ProgramProblem } from '../../playground/problem.ts';

const COMPLETIONS = [
  ...OS2_NAMES.map((label) => ({ label, type: /^[A-Z_]+$/.test(label) ? 'constant' : 'function', detail: "os2" })),
  ...WORLD_NAMES.map((label) => ({ label, type: /^[A-Z_]+$/.test(label) ? 'constant' : 'function', detail: 'os2/world' })),
  ...['os2', 'os2/world', 'os2/program'].map((label) => ({ label, type: 'namespace', detail: 'module' })),
];

export function createEditor(parent: HTMLElement, doc: string, onChange: (text: string) => void): EditorView {
  return new EditorView({
    doc,
    parent,
    extensions: [
      basicSetup,
      javascript({ typescript: true }),
      javascriptLanguage.data.of({ autocomplete: completeFromList(COMPLETIONS) }),
      lintGutter(),
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
