/**
 * The history as a tree (https://www.w3.org/WAI/ARIA/apg/patterns/treeview/): one row per step, edits under
 * the result they changed, with the arrow keys, Home and End moving the selection and opening or closing rows.
 */
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { ancestry, visibleRows, type LineageForest, type LineageNode } from '../../state/lineage.ts';
import { TreeRow } from './TreeRow.tsx';

export function LineageTree(props: {
  forest: LineageForest;
  selectedId: string | null;
  onSelect: (id: string) => void;
}) {
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const rows = useMemo(() => visibleRows(props.forest, collapsed), [props.forest, collapsed]);
  const tree = useRef<HTMLDivElement>(null);
  const focusedOnce = useRef(false);

  // Focus follows the selection, so arrow keys and screen readers stay on the row being looked at; on
  // opening, the selected row takes focus so the keys work at once.
  useEffect(() => {
    const row = tree.current?.querySelector<HTMLElement>('[role="treeitem"][aria-selected="true"]');
    if (!row) return;
    row.scrollIntoView({ block: 'nearest' });
    if (!focusedOnce.current || tree.current!.contains(document.activeElement)) row.focus();
    focusedOnce.current = true;
  }, [props.selectedId, rows]);

  const setExpanded = (node: LineageNode, expanded: boolean) => {
    const next = new Set(collapsed);
    if (expanded) next.delete(node.id);
    else next.add(node.id);
    setCollapsed(next);
    // Hiding the selected row would leave the tree without a focusable row.
    if (!expanded && props.selectedId !== null && props.selectedId !== node.id) {
      if (ancestry(props.forest, props.selectedId).some((step) => step.id === node.id))
        props.onSelect(node.id);
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = rows.findIndex((row) => row.node.id === props.selectedId);
    const row = rows[index];
    if (!row) return;
    const selectAt = (at: number) => {
      const target = rows[Math.min(rows.length - 1, Math.max(0, at))];
      if (target) props.onSelect(target.node.id);
    };
    const expanded = row.expandable && !collapsed.has(row.node.id);
    switch (event.key) {
      case 'ArrowDown':
        selectAt(index + 1);
        break;
      case 'ArrowUp':
        selectAt(index - 1);
        break;
      case 'Home':
        selectAt(0);
        break;
      case 'End':
        selectAt(rows.length - 1);
        break;
      case 'ArrowRight':
        if (row.expandable && !expanded) setExpanded(row.node, true);
        else if (expanded) selectAt(index + 1);
        break;
      case 'ArrowLeft':
        if (expanded) setExpanded(row.node, false);
        else if (row.node.parentId !== null) props.onSelect(row.node.parentId);
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  return (
    <div
      ref={tree}
      role="tree"
      aria-label="Lineage"
      onKeyDown={onKeyDown}
      className="flex min-h-0 flex-1 flex-col gap-0.5 overflow-y-auto px-3 py-3"
    >
      {rows.map((row) => (
        <TreeRow
          key={row.node.id}
          row={row}
          selected={row.node.id === props.selectedId}
          expanded={!collapsed.has(row.node.id)}
          onSelect={() => props.onSelect(row.node.id)}
          onToggle={() => setExpanded(row.node, collapsed.has(row.node.id))}
        />
      ))}
    </div>
  );
}
