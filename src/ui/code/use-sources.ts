/** The Code panel's sources: loaded once (a separate chunk), indexed once, shared by every panel. */
import { useEffect, useState } from 'react';
import { indexSources, type SourceSet } from '../../debugger/code/locate.ts';

export interface Sources {
  readonly texts: ReadonlyMap<string, string>;
  readonly set: SourceSet;
}

let loading: Promise<Sources> | null = null;

function load(): Promise<Sources> {
  loading ??= import('./source-texts.ts').then((m) => ({ texts: m.SOURCE_TEXTS, set: indexSources(m.SOURCE_TEXTS) }));
  return loading;
}

/** The sources, or null while they load. */
export function useSources(): Sources | null {
  const [sources, setSources] = useState<Sources | null>(null);
  useEffect(() => {
    let live = true;
    void load().then((s) => {
      if (live) setSources(s);
    });
    return () => {
      live = false;
    };
  }, []);
  return sources;
}
