/**
 * The editor's hover texts (issue 14, item 1: "the kernel API's types for hover"): for every name
 * the three public surfaces export — 'os2', 'os2/world', 'os2/program' — what TypeScript says of it
 * on hover (its declaration as a `.d.ts` prints it, and its doc comment), read from the surfaces'
 * declarations by the TypeScript language service (tsconfig's `paths` map the module names), and
 * written to src/playground/api-hover.json. The page cannot run the compiler (several MB), so the
 * hover ships as this file, loaded with the editor.
 *
 *   node --import tsx scripts/api-hover.ts          writes the file
 *   test/playground/api-hover.test.ts               checks it is current
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const MODULES = ['os2', 'os2/world', 'os2/program'] as const;
export type HoverModule = (typeof MODULES)[number];

export interface Hover {
  /** The declaration as TypeScript shows it (e.g. `function spawn(boot: BootSpec, o?: …): Action`). */
  readonly signature: string;
  /** The doc comment, as text (empty when there is none). */
  readonly doc: string;
}

export type HoverTable = { readonly [M in HoverModule]: { readonly [name: string]: Hover } };

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const HOVER_FILE = `${ROOT}src/playground/api-hover.json`;
/** A signature longer than this is cut (a hover is a tooltip, not a page). */
const MAX_SIGNATURE_CHARS = 600;
const PROBE = `${ROOT}src/playground/__hover-probe__.ts`;

function languageService(probeText: string): ts.LanguageService {
  const config = ts.getParsedCommandLineOfConfigFile(`${ROOT}tsconfig.json`, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
  const host: ts.LanguageServiceHost = {
    getCompilationSettings: () => config.options,
    getScriptFileNames: () => [PROBE],
    getScriptVersion: () => '1',
    getScriptSnapshot: (f) => {
      const text = f === PROBE ? probeText : ts.sys.readFile(f);
      return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
    },
    getCurrentDirectory: () => ROOT,
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists: (f) => f === PROBE || ts.sys.fileExists(f),
    readFile: (f) => (f === PROBE ? probeText : ts.sys.readFile(f)),
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  };
  return ts.createLanguageService(host, ts.createDocumentRegistry());
}

/** The names a module exports (values and types), sorted. */
function exportsOf(ls: ts.LanguageService, module: HoverModule): string[] {
  const program = ls.getProgram()!;
  const checker = program.getTypeChecker();
  const probe = program.getSourceFile(PROBE)!;
  const decl = probe.statements.find((s): s is ts.ImportDeclaration => ts.isImportDeclaration(s) && (s.moduleSpecifier as ts.StringLiteral).text === module)!;
  const sym = checker.getSymbolAtLocation(decl.moduleSpecifier)!;
  return checker.getExportsOfModule(sym).map((s) => s.name).filter((n) => n !== 'default').sort();
}

function clip(s: string): string {
  return s.length <= MAX_SIGNATURE_CHARS ? s : `${s.slice(0, MAX_SIGNATURE_CHARS - 1)}…`;
}

/** An interface's declaration without its comments (the hover shows only its name). */
function interfaceText(ls: ts.LanguageService, pos: number): string | null {
  const program = ls.getProgram()!;
  const checker = program.getTypeChecker();
  const probe = program.getSourceFile(PROBE)!;
  const node = findToken(probe, pos);
  if (node === undefined) return null;
  let sym = checker.getSymbolAtLocation(node);
  if (sym !== undefined && (sym.flags & ts.SymbolFlags.Alias) !== 0) sym = checker.getAliasedSymbol(sym);
  const decl = sym?.declarations?.find(ts.isInterfaceDeclaration);
  if (decl === undefined) return null;
  const printer = ts.createPrinter({ removeComments: true });
  const noExport = ts.factory.updateInterfaceDeclaration(decl, undefined, decl.name, decl.typeParameters, decl.heritageClauses, decl.members);
  return printer.printNode(ts.EmitHint.Unspecified, noExport, decl.getSourceFile());
}

function findToken(sf: ts.SourceFile, pos: number): ts.Node | undefined {
  const visit = (n: ts.Node): ts.Node | undefined =>
    pos >= n.getStart(sf) && pos < n.getEnd() ? (ts.forEachChild(n, visit) ?? n) : undefined;
  return visit(sf);
}

/** The hover of every export of the three modules, as TypeScript gives it at an import of the name. */
export function makeHoverTable(): HoverTable {
  const namespaces = MODULES.map((m, i) => `import * as m${i} from '${m}';`).join('\n');
  const first = languageService(`${namespaces}\nexport {};\n`);
  const names = MODULES.map((m) => exportsOf(first, m));
  // One line per name: `type T0_spawn = typeof m0.spawn` would show the type, not the declaration;
  // a named import shows what the editor's hover would.
  const lines = MODULES.map((m, i) => names[i]!.map((n) => `import { ${n} as ${n} } from '${m}';`));
  const text = lines.flat().join('\n') + '\nexport {};\n';
  const ls = languageService(text);
  const table: Record<string, Record<string, Hover>> = {};
  let at = 0;
  MODULES.forEach((m, i) => {
    const entries: Record<string, Hover> = {};
    for (const [j, n] of names[i]!.entries()) {
      const line = lines[i]![j]!;
      const pos = at + line.indexOf(n, line.indexOf('{'));
      at += line.length + 1;
      const q = ls.getQuickInfoAtPosition(PROBE, pos);
      if (q === undefined) continue;
      const shown = ts.displayPartsToString(q.displayParts).replace(/^\(alias\) /, '').replace(/\n(import|export) .*$/s, '');
      const signature = clip(shown.startsWith('interface ') ? interfaceText(ls, pos) ?? shown : shown);
      const doc = ts.displayPartsToString(q.documentation);
      entries[n] = { signature, doc };
    }
    table[m] = entries;
  });
  return table as HoverTable;
}

export function hoverJson(t: HoverTable): string {
  return `${JSON.stringify(t, null, 1)}\n`;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const json = hoverJson(makeHoverTable());
  const old = (() => {
    try {
      return readFileSync(HOVER_FILE, 'utf8');
    } catch {
      return '';
    }
  })();
  if (old === json) process.stdout.write(`${HOVER_FILE} is current\n`);
  else {
    writeFileSync(HOVER_FILE, json);
    process.stdout.write(`wrote ${HOVER_FILE} (${json.length} characters)\n`);
  }
}
