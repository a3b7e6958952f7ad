import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { sourceOfEdit, type CompareSubject } from '../../state/compare.ts';
import {
  ancestry,
  buildLineage,
  visibleRows,
  type LineageForest,
  type LineageNode,
  type LineageRow,
} from '../../state/lineage.ts';
import type { ImageRecord } from '../../storage/records.ts';
import type { GalleryEntry } from '../../storage/studioStorage.ts';
import { CompareView } from '../compare/CompareView.tsx';
import { StudioDialog } from '../compare/StudioDialog.tsx';
import { notEditableReason, useStoredImage, useStudio, useStudioState } from '../../studio/index.ts';
import { capitalise } from '../format.ts';
import { BADGE_TONES } from '../gallery/GalleryCard.tsx';
import { headerButtonClass } from '../gallery/GalleryHeader.tsx';
import { statusBadge } from '../gallery/galleryFormat.ts';
import { useObjectUrl } from '../gallery/useObjectUrl.ts';
import { MaskedSource, thumbnailOf } from './MaskedSource.tsx';

export interface LineageViewProps {
  /** The whole gallery, unfiltered: an edit whose parent is not among them reads as "parent deleted". */
  entries: readonly GalleryEntry[];
  /** The variant to select and show on opening; the newest one when omitted. */
  focusId?: string;
  onClose: () => void;
}

const INDENT_PX = 28;

function Thumbnail(props: { image: ImageRecord | null; alt: string; className: string }) {
  const url = useObjectUrl(thumbnailOf(props.image));
  return url ? (
    <img
      src={url}
      alt={props.alt}
      className={`checkerboard shrink-0 rounded-sm border border-line object-contain ${props.className}`}
    />
  ) : (
    <span
      role="img"
      aria-label={props.alt}
      className={`grid shrink-0 place-items-center rounded-sm border border-dashed border-line-strong bg-raised text-[10px] text-fg-faint ${props.className}`}
    >
      none
    </span>
  );
}

function Badges({ node }: { node: LineageNode }) {
  const badge = statusBadge(node.entry.variant.status, node.entry.lastPartial !== null);
  return (
    <>
      {badge && (
        <span
          className={`rounded-full border px-1.5 py-px text-[10.5px] font-medium ${BADGE_TONES[badge.tone]}`}
        >
          {badge.label}
        </span>
      )}
      {node.parentDeleted && (
        <span className={`rounded-full border px-1.5 py-px text-[10.5px] font-medium ${BADGE_TONES.muted}`}>
          Parent deleted
        </span>
      )}
    </>
  );
}

function nodeTitle(node: LineageNode): string {
  const { variant } = node.entry;
  const place =
    variant.variantCount > 1 ? `, variant ${variant.variantIndex + 1} of ${variant.variantCount}` : '';
  return `${capitalise(variant.kind)}${place}: ${variant.request.prompt}`;
}

function TreeRow(props: {
  row: LineageRow;
  selected: boolean;
  expanded: boolean;
  onSelect: () => void;
  onToggle: () => void;
}) {
  const { node, level } = props.row;
  const { variant } = node.entry;
  const badge = statusBadge(variant.status, node.entry.lastPartial !== null);
  const label = [nodeTitle(node), badge?.label, node.parentDeleted ? 'parent deleted' : null]
    .filter(Boolean)
    .join('. ');
  return (
    <div
      role="treeitem"
      aria-label={label}
      aria-level={level}
      aria-posinset={props.row.position}
      aria-setsize={props.row.siblingCount}
      aria-expanded={props.row.expandable ? props.expanded : undefined}
      aria-selected={props.selected}
      tabIndex={props.selected ? 0 : -1}
      onClick={props.onSelect}
      className={`flex cursor-pointer items-center gap-2 rounded-md py-1.5 pr-3 outline-none focus-visible:ring-2 focus-visible:ring-accent/70 ${
        props.selected ? 'bg-active' : 'hover:bg-raised'
      }`}
      style={{ paddingLeft: 8 + (level - 1) * INDENT_PX }}
    >
      <span className="grid size-4 shrink-0 place-items-center">
        {props.row.expandable && (
          <svg
            aria-hidden
            viewBox="0 0 16 16"
            onClick={(event) => {
              event.stopPropagation();
              props.onToggle();
            }}
            className={`size-3.5 text-fg-muted transition ${props.expanded ? 'rotate-90' : ''}`}
          >
            <path d="M6 3.5L10.5 8 6 12.5" fill="none" stroke="currentColor" strokeWidth="1.6" />
          </svg>
        )}
      </span>
      {node.edge && (
        <span
          className="flex shrink-0 items-center gap-1"
          title="The image this edit changed, its mask tinted"
        >
          <MaskedSource
            sourceImageId={node.edge.sourceImageId}
            maskImageId={node.edge.maskImageId}
            className="h-8"
            alt={node.edge.maskImageId ? 'Source with the mask carried into this edit' : 'Source, no mask'}
          />
          <svg aria-hidden viewBox="0 0 16 16" className="size-3 text-fg-faint">
            <path d="M2 8h11m-3.5-3.5L13 8l-3.5 3.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
          </svg>
        </span>
      )}
      <Thumbnail image={node.image} alt="" className="size-12" />
      <span className="flex min-w-0 flex-1 flex-col gap-0.5">
        <span className="truncate text-[12.5px] text-fg">{variant.request.prompt}</span>
        <span className="flex flex-wrap items-center gap-x-1.5 gap-y-0.5 text-[11px] text-fg-muted">
          <span>{capitalise(variant.kind)}</span>
          <span aria-hidden>·</span>
          <span>{variant.request.model.id}</span>
          {variant.variantCount > 1 && (
            <>
              <span aria-hidden>·</span>
              <span>
                variant {variant.variantIndex + 1}/{variant.variantCount}
              </span>
            </>
          )}
          <Badges node={node} />
        </span>
      </span>
    </div>
  );
}

function LineageTree(props: {
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

function References({ imageIds }: { imageIds: readonly string[] }) {
  return (
    <div className="flex flex-wrap gap-1.5">
      {imageIds.map((id, index) => (
        <Reference key={id} imageId={id} index={index} />
      ))}
    </div>
  );
}

function Reference({ imageId, index }: { imageId: string; index: number }) {
  const image = useStoredImage(imageId);
  return (
    <Thumbnail
      image={image}
      alt={`Reference ${index + 1}${image?.name ? `: ${image.name}` : ''}`}
      className="size-12"
    />
  );
}

function NodeDetails(props: {
  forest: LineageForest;
  node: LineageNode;
  onSelect: (id: string) => void;
  onCompareWithSource: () => void;
  onLeave: () => void;
}) {
  const studio = useStudio();
  const { node } = props;
  const { variant } = node.entry;
  const path = ancestry(props.forest, node.id);
  const edge = node.edge;
  const notEditable = node.image && notEditableReason(node.image);
  return (
    <aside
      aria-label="Selected step"
      className="flex w-80 shrink-0 flex-col gap-4 overflow-y-auto border-l border-line px-4 py-4"
    >
      <Thumbnail
        image={node.image}
        alt={`${node.entry.final ? 'Result' : 'Last partial'}: ${variant.request.prompt}`}
        className="aspect-square w-full"
      />
      <div className="flex flex-col gap-1.5">
        <p className="text-[13px] leading-snug text-fg">{variant.request.prompt}</p>
        <div className="flex flex-wrap items-center gap-1.5 text-[11px] text-fg-muted">
          <span>
            {capitalise(variant.kind)} · {variant.request.model.id} · {variant.request.size}
          </span>
          <Badges node={node} />
        </div>
      </div>

      <div className="flex flex-wrap gap-2">
        {node.image && !notEditable && (
          <button
            type="button"
            className="rounded-md bg-accent px-3 py-1 text-[12.5px] font-medium text-accent-fg transition hover:bg-accent/85 focus-visible:ring-2 focus-visible:ring-accent/70 focus-visible:ring-offset-2 focus-visible:ring-offset-panel focus-visible:outline-none"
            onClick={() => {
              studio.branchFrom(node.image!);
              props.onLeave();
            }}
          >
            Branch from here
          </button>
        )}
        {notEditable && <p className="self-center text-[11px] text-fg-faint">{notEditable}</p>}
        <button
          type="button"
          className={headerButtonClass}
          onClick={() => {
            studio.reuseSettings(variant);
            props.onLeave();
          }}
        >
          Reuse settings
        </button>
        {edge?.sourceImageId && (
          <button type="button" className={headerButtonClass} onClick={props.onCompareWithSource}>
            {node.parentId !== null ? 'Compare with parent' : 'Compare with source'}
          </button>
        )}
      </div>

      {edge && (
        <section className="flex flex-col gap-2">
          <h3 className="text-[11px] font-medium tracking-[0.08em] text-fg-muted uppercase">
            Carried into this edit
          </h3>
          <MaskedSource
            sourceImageId={edge.sourceImageId}
            maskImageId={edge.maskImageId}
            className="w-full"
            alt={
              edge.maskImageId
                ? 'The image this edit changed, with the mask it carried tinted'
                : 'The image this edit changed'
            }
          />
          <p className="text-[11.5px] leading-snug text-fg-muted">
            {edge.maskImageId
              ? 'Tinted: the painted area the edit was allowed to change.'
              : 'No mask: the whole image was open to change.'}
            {node.parentDeleted && ' The result it came from has been deleted.'}
          </p>
          {edge.referenceImageIds.length > 0 && (
            <>
              <h4 className="text-[11px] text-fg-muted">References ({edge.referenceImageIds.length})</h4>
              <References imageIds={edge.referenceImageIds} />
            </>
          )}
        </section>
      )}

      {path.length > 1 && (
        <nav aria-label="Path from the first image" className="flex flex-col gap-2">
          <h3 className="text-[11px] font-medium tracking-[0.08em] text-fg-muted uppercase">
            Path ({path.length} steps)
          </h3>
          <ol className="flex flex-wrap items-center gap-1">
            {path.map((step, index) => (
              <li key={step.id} className="flex items-center gap-1">
                {index > 0 && (
                  <span aria-hidden className="text-fg-faint">
                    ›
                  </span>
                )}
                <button
                  type="button"
                  aria-current={step.id === node.id ? 'step' : undefined}
                  aria-label={`Step ${index + 1}: ${step.entry.variant.request.prompt}`}
                  onClick={() => props.onSelect(step.id)}
                  className={`rounded-sm focus-visible:ring-2 focus-visible:ring-accent/70 focus-visible:outline-none ${
                    step.id === node.id ? 'ring-1 ring-accent' : ''
                  }`}
                >
                  <Thumbnail image={step.image} alt="" className="size-9" />
                </button>
              </li>
            ))}
          </ol>
        </nav>
      )}
    </aside>
  );
}

function newestNodeId(entries: readonly GalleryEntry[]): string | null {
  let newest: GalleryEntry | null = null;
  for (const entry of entries) {
    if (!newest || entry.variant.startedAt > newest.variant.startedAt) newest = entry;
  }
  return newest?.variant.id ?? null;
}

/**
 * The history of the session as a tree: every result under the one it was edited from, variants side by
 * side as siblings, the mask each edit carried tinted over its source, and a way to branch from any step.
 */
export function LineageView(props: LineageViewProps) {
  const forest = useMemo(() => buildLineage(props.entries), [props.entries]);
  const [chosenId, setChosenId] = useState<string | null>(props.focusId ?? null);
  const [comparing, setComparing] = useState<{ left: CompareSubject; right: GalleryEntry } | null>(null);
  const selectedId = chosenId !== null && forest.nodes.has(chosenId) ? chosenId : newestNodeId(props.entries);
  const selected = selectedId === null ? null : forest.nodes.get(selectedId)!;

  // Branching or reusing settings takes the designer back to the studio, past the gallery too.
  const setGalleryOpen = useStudioState((state) => state.gallery.setOpen);
  const leave = () => {
    props.onClose();
    setGalleryOpen(false);
  };

  return (
    <StudioDialog title="History" onClose={props.onClose}>
      {selected ? (
        <div className="flex min-h-0 flex-1">
          <LineageTree forest={forest} selectedId={selectedId} onSelect={setChosenId} />
          <NodeDetails
            forest={forest}
            node={selected}
            onSelect={setChosenId}
            onLeave={leave}
            onCompareWithSource={() => {
              const left = sourceOfEdit(selected.entry, props.entries);
              if (left) setComparing({ left, right: selected.entry });
            }}
          />
        </div>
      ) : (
        <p className="grid flex-1 place-items-center text-[13px] text-fg-muted">Nothing made yet.</p>
      )}
      {comparing && (
        <CompareView
          left={comparing.left}
          right={comparing.right}
          mode="slider"
          onClose={() => setComparing(null)}
        />
      )}
    </StudioDialog>
  );
}
