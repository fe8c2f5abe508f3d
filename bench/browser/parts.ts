/** The browser measurements, by part (`--parts`): kept apart from run-browser.ts so that the
 *  option can be checked before playwright is loaded. */
export const BROWSER_PARTS = ['app', 'procs', 'stage', 'jump'] as const;
export type BrowserPart = (typeof BROWSER_PARTS)[number];
