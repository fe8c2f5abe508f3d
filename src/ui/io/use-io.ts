/**
 * The file side of the session for components: the engine's file jobs (open, re-check, export run
 * in its worker; progress arrives as the session's `io`) and pictures of the diagrams, which are
 * drawn from the page itself and so are made here.
 */
import { useSession, useSessionStore } from '../session-context.ts';
import type { SessionStore } from '../session-store.ts';
import type { IoView } from '../engine/protocol.ts';
import { downloadBlob, type Download } from './download.ts';
import { panelPicture, pictureToPng, type PicturePanel } from './svg-export.ts';

export type PictureKind = 'svg' | 'png';

const PICTURE_TITLES: Readonly<Record<PicturePanel, string>> = {
  'vm-tree': 'VM tree',
  'presence-graph': 'Presence graph',
  'sequence-chart': 'Sequence chart',
  stage: 'Stage',
};

/** Subscribes to one slice of the file jobs' state. */
export function useIo<T>(selector: (io: IoView) => T): T {
  return useSession((s) => selector(s.io));
}

/** Downloads a picture of a diagram panel as it is on screen. */
export async function exportPicture(session: SessionStore, panel: PicturePanel, kind: PictureKind, download: Download = downloadBlob): Promise<void> {
  const s = session.getState();
  const origin = s.frame?.status.origin;
  const scenario = s.scenarios.find((x) => x.id === origin?.scenario);
  const base = `${origin?.scenario ?? 'run'}-seed${origin?.seed ?? 0}-at${s.cursor}-${panel}`;
  const title = `${PICTURE_TITLES[panel]}: ${scenario?.title ?? origin?.scenario ?? ''}, seed ${origin?.seed ?? 0}, record ${s.cursor}`;
  try {
    const picture = panelPicture(panel, title);
    if (kind === 'svg') download(new Blob([picture.svg], { type: 'image/svg+xml' }), `${base}.svg`);
    else download(await pictureToPng(picture, 2), `${base}.png`);
  } catch (e) {
    s.actions.notify(`Could not make the ${PICTURE_TITLES[panel]} picture: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** The session store, for components that start file jobs. */
export const useIoSession = useSessionStore;
