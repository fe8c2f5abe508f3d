/**
 * The "Export" menu of a panel: the run as a trace in every format (event log and diagrams), and a
 * picture of the diagram as SVG or PNG (VM tree, presence graph, sequence chart).
 */
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { EXPORT_FORMATS } from '../../debugger/export/formats.ts';
import { PANEL_TITLES, type PanelId } from '../../tour/stops.ts';
import { FORMAT_LABELS } from '../engine/formats.ts';
import { PICTURE_PANELS, type PicturePanel } from './svg-export.ts';
import type { SessionStore } from '../session-store.ts';
import { exportPicture, useIoSession } from './use-io.ts';

interface Item {
  readonly label: string;
  readonly run: () => void;
}

/** Panels that show no part of the trace in a picture or a list: no export menu. */
const NO_EXPORT: readonly PanelId[] = ['inspector', 'code', 'variants'];

/** The export menu for a panel, or nothing (the inspector, the code and the variants have none). */
export function PanelExport({ panel }: { panel: PanelId }) {
  if (NO_EXPORT.includes(panel)) return null;
  return <ExportMenu panel={panel} />;
}

function isPicturePanel(p: PanelId): p is PicturePanel & PanelId {
  return (PICTURE_PANELS as readonly string[]).includes(p);
}

/** The panel's exports: the trace in every format, and for a diagram its picture. */
function exportItems(session: SessionStore, panel: PanelId): Item[] {
  const items: Item[] = EXPORT_FORMATS.map((f) => ({
    label: FORMAT_LABELS[f],
    run: () => session.getState().actions.exportTrace(f),
  }));
  if (isPicturePanel(panel)) {
    items.push(
      { label: 'Picture as SVG (.svg)', run: () => void exportPicture(session, panel, 'svg') },
      { label: 'Picture as PNG (.png, 2×)', run: () => void exportPicture(session, panel, 'png') },
    );
  }
  return items;
}

/**
 * A menu button's keyboard and focus behaviour (WAI-ARIA menu button): ArrowDown on the button
 * opens it; opening focuses the first item; arrows, Home and End move between items; Escape closes
 * it and refocuses the button; Tab or a click elsewhere closes it.
 */
function useMenu() {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLUListElement>(null);

  // Focus the first item on opening; close on a click elsewhere.
  useEffect(() => {
    if (!open) return;
    menu.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const away = (e: MouseEvent) => {
      const t = e.target as Node | null;
      if (t !== null && !menu.current?.contains(t) && !button.current?.contains(t)) setOpen(false);
    };
    document.addEventListener('mousedown', away);
    return () => document.removeEventListener('mousedown', away);
  }, [open]);

  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) button.current?.focus();
  };

  const onMenuKey = (e: KeyboardEvent<HTMLUListElement>) => {
    const entries = [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const at = entries.indexOf(document.activeElement as HTMLElement);
    const focus = (i: number) => entries[(i + entries.length) % entries.length]?.focus();
    if (e.key === 'ArrowDown') focus(at + 1);
    else if (e.key === 'ArrowUp') focus(at - 1);
    else if (e.key === 'Home') focus(0);
    else if (e.key === 'End') focus(entries.length - 1);
    else if (e.key === 'Escape') close(true);
    else if (e.key === 'Tab') close(false);
    else return;
    if (e.key !== 'Tab') e.preventDefault();
  };

  const onButtonKey = (e: KeyboardEvent<HTMLButtonElement>) => {
    if (e.key === 'ArrowDown' && !open) {
      e.preventDefault();
      setOpen(true);
    }
  };

  const toggle = () => setOpen((o) => !o);
  return { open, button, menu, close, toggle, onMenuKey, onButtonKey };
}

export function ExportMenu({ panel }: { panel: PanelId }) {
  const session = useIoSession();
  const { open, button, menu, close, toggle, onMenuKey, onButtonKey } = useMenu();
  const menuId = useId();
  const title = PANEL_TITLES[panel];
  const items = exportItems(session, panel);

  return (
    <div className="export-menu">
      <button
        ref={button}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        aria-label={`Export ${title}`}
        title={`Export the run, or a picture of the ${title.toLowerCase()}`}
        onClick={toggle}
        onKeyDown={onButtonKey}
      >
        Export <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <ul
          ref={menu}
          id={menuId}
          role="menu"
          aria-label={`Export ${title} as`}
          className="export-menu-list"
          data-own-keys="ArrowUp ArrowDown Home End Escape Enter Space"
          onKeyDown={onMenuKey}
        >
          {items.map((it) => (
            <li key={it.label} role="none">
              <button
                type="button"
                role="menuitem"
                tabIndex={-1}
                onClick={() => {
                  close(true);
                  it.run();
                }}
              >
                {it.label}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
