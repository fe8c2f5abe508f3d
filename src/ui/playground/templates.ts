/** The templates' text, read with Vite's `?raw` when asked for (never run on the main thread). */
import { TEMPLATES } from '../../playground/templates/index.ts';

const TEXTS = import.meta.glob<string>('../../playground/templates/*.ts', { query: '?raw', import: 'default' });

export async function templateText(id: string): Promise<string> {
  const t = TEMPLATES.find((x) => x.id === id);
  const load = t === undefined ? undefined : TEXTS[`../../playground/templates/${t.file}`];
  if (load === undefined) throw new Error(`no template "${id}"`);
  return load();
}

export { TEMPLATES };
