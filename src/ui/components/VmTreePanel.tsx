/**
 * The nested-VM tree: ground VM → nested VMs → processes; collapsible; selection syncs the panels,
 * and a process selected elsewhere (a tour stop, the Why chain) is scrolled into view in the tree.
 */
import { memo, useCallback, useEffect, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import type { TreeNode } from '../../debugger/views/tree.ts';
import { useActions, useSection, useSessionNow, useStatus } from '../session-context.ts';
import { Panel } from './Panel.tsx';
import { scrollWithin } from '../scroll-within.ts';

const EMPTY_TREE: TreeNode = {
  key: 'ground', kind: 'vm', pid: null, name: 'ground VM', alive: true, crash: null, exit: null, endpoints: 0, queued: 0, children: [],
};

function visibleNodes(n: TreeNode, collapsed: ReadonlySet<string>): TreeNode[] {
  return [n, ...(collapsed.has(n.key) ? [] : n.children.flatMap((c) => visibleNodes(c, collapsed)))];
}

/** Keeps the selected process's row in view, in the next frame after the selection changes. */
function useSelectedInView(tree: RefObject<HTMLUListElement | null>, selected: string | null): void {
  useEffect(() => {
    if (selected === null) return;
    const frame = requestAnimationFrame(() => {
      const row = tree.current?.querySelector<HTMLElement>(`[data-key="${CSS.escape(selected)}"] > .tree-row`);
      const box = row?.closest<HTMLElement>('.panel-body');
      if (row && box) scrollWithin(box, row);
    });
    return () => cancelAnimationFrame(frame);
  }, [tree, selected]);
}

export function VmTreePanel() {
  const tree = useSection('tree');
  const selected = useStatus((st) => st.selection.process, null);
  const { selectProcess: select, setView } = useActions();
  const showExited = useSessionNow((s) => s.view.tree?.showExited ?? false);
  const setShowExited = (on: boolean) => setView({ tree: { showExited: on } });
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const root = tree ?? EMPTY_TREE;
  const treeRef = useRef<HTMLUListElement>(null);
  useSelectedInView(treeRef, selected);

  // Stable, so the memoised items whose node did not change skip re-rendering.
  const toggle = useCallback(
    (key: string, open?: boolean) =>
      setCollapsed((c) => {
        const next = new Set(c);
        if (open ?? next.has(key)) next.delete(key);
        else next.add(key);
        return next;
      }),
    [],
  );

  const onKeyDown = (e: KeyboardEvent<HTMLUListElement>) => {
    const items = visibleNodes(root, collapsed);
    const focusedKey = (document.activeElement as HTMLElement | null)?.dataset['key'];
    const at = items.findIndex((n) => n.key === focusedKey);
    const node = items[at];
    const focus = (n: TreeNode | undefined) =>
      n && e.currentTarget.querySelector<HTMLElement>(`[data-key="${CSS.escape(n.key)}"]`)?.focus();
    if (e.key === 'ArrowDown') focus(items[Math.min(items.length - 1, at + 1)]);
    else if (e.key === 'ArrowUp') focus(items[Math.max(0, at - 1)]);
    else if (e.key === 'ArrowRight' && node && node.children.length > 0) toggle(node.key, true);
    else if (e.key === 'ArrowLeft' && node && node.children.length > 0) toggle(node.key, false);
    else if ((e.key === 'Enter' || e.key === ' ') && node && node.kind === 'process') select(node.key);
    else return;
    e.preventDefault();
  };

  return (
    <Panel
      title="VM tree"
      className="panel-tree"
      tools={
        <label className="inline-check">
          <input type="checkbox" checked={showExited} onChange={(e) => setShowExited(e.target.checked)} />{' '}
          show exited
        </label>
      }
    >
      <ul
        ref={treeRef}
        role="tree"
        aria-label="Processes by VM"
        className="tree"
        data-own-keys="ArrowUp ArrowDown ArrowLeft ArrowRight Enter Space"
        onKeyDown={onKeyDown}
      >
        <TreeItem
          node={root}
          level={1}
          collapsed={collapsed}
          selected={selected}
          onToggle={toggle}
          onSelect={select}
        />
      </ul>
    </Panel>
  );
}

interface ItemProps {
  readonly node: TreeNode;
  readonly level: number;
  readonly collapsed: ReadonlySet<string>;
  readonly selected: string | null;
  readonly onToggle: (key: string) => void;
  readonly onSelect: (key: string | null) => void;
}

/** A node and its children; memoised: the store keeps an unchanged node's object from frame to frame. */
const TreeItem = memo(function TreeItem({ node, level, collapsed, selected, onToggle, onSelect }: ItemProps) {
  const open = !collapsed.has(node.key);
  const hasChildren = node.children.length > 0;
  const isSelected = node.key === selected;
  const classes = [
    'tree-row',
    node.alive ? '' : 'dead',
    node.crash !== null ? 'crashed' : '',
    isSelected ? 'selected' : '',
  ].join(' ');
  return (
    <li
      role="treeitem"
      aria-level={level}
      aria-expanded={hasChildren ? open : undefined}
      aria-selected={node.kind === 'process' ? isSelected : undefined}
      data-key={node.key}
      tabIndex={isSelected || (selected === null && level === 1) ? 0 : -1}
      onClick={(e) => {
        e.stopPropagation();
        if (node.kind === 'process') onSelect(node.key);
      }}
    >
      <span className={classes}>
        {hasChildren ? (
          <Twisty open={open} onToggle={() => onToggle(node.key)} />
        ) : (
          <span className="twisty" aria-hidden="true" />
        )}
        {node.pid !== null && <span className="pid">p{node.pid}</span>}
        <span className="name">{node.name}</span>
        {node.kind === 'process' && <Badges node={node} />}
      </span>
      {hasChildren && open && (
        <ul role="group">
          {node.children.map((c) => (
            <TreeItem
              key={c.key}
              node={c}
              level={level + 1}
              collapsed={collapsed}
              selected={selected}
              onToggle={onToggle}
              onSelect={onSelect}
            />
          ))}
        </ul>
      )}
    </li>
  );
});

/** The open/closed marker of a node with children; clicking it folds or unfolds the node. */
function Twisty({ open, onToggle }: { open: boolean; onToggle: () => void }) {
  return (
    <span
      className="twisty"
      aria-hidden="true"
      onClick={(e) => {
        e.stopPropagation();
        onToggle();
      }}
    >
      {open ? '▾' : '▸'}
    </span>
  );
}

/** A process's endpoints, queued actions, and crash or exit. */
function Badges({ node }: { node: TreeNode }) {
  return (
    <span className="badges">
      {node.endpoints > 0 && <span title="endpoints">◆{node.endpoints}</span>}
      {node.queued > 0 && (
        <span className="queued-badge" title="queued actions">
          <QueuedIcon />
          <span>{node.queued}</span>
        </span>
      )}
      {node.crash !== null && (
        <span className="crash-badge" title={`crashed: ${node.crash}`}>
          ✖ crashed
        </span>
      )}
      {!node.alive && node.crash === null && <span className="exit-badge">{node.exit ?? 'exited'}</span>}
    </span>
  );
}

/**
 * An hourglass for queued actions, drawn rather than typed: U+29D7 (⧗) is in none of the fonts a
 * Debian system has, so it showed as an empty box. The picture export copies it (svg-export.ts).
 */
function QueuedIcon() {
  return (
    <svg className="icon" viewBox="0 0 10 12" width="0.6em" height="0.75em" aria-hidden="true">
      <path
        d="M1.5 1h7M1.5 11h7M2.5 1c0 3 2.5 3.5 2.5 5S2.5 8 2.5 11M7.5 1c0 3-2.5 3.5-2.5 5s2.5 2 2.5 5"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.3"
        strokeLinecap="round"
      />
    </svg>
  );
}
