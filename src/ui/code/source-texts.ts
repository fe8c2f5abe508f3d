/**
 * The scenarios' and drivers' source text, for the Code panel: the real files, imported as text
 * by Vite (`?raw`), never copies. Loaded on demand (src/ui/code/use-sources.ts imports this module
 * dynamically), so the page's first load does not carry them. Text only: nothing here runs.
 */
const RAW = import.meta.glob<string>(['../../scenarios/**/*.ts', '../../kernel/drivers/*.ts'], {
  query: '?raw',
  import: 'default',
  eager: true,
});

/** Path as "src/…" (so that relative imports between them resolve) → text. */
export const SOURCE_TEXTS: ReadonlyMap<string, string> = new Map(
  Object.entries(RAW).map(([path, text]) => [path.replace(/^(\.\.\/)+/, 'src/'), text]),
);
