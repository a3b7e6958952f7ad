/** One step of the history tree: its thumbnail, what it was, and the source and mask an edit carried. */
import type { LineageNode, LineageRow } from '../../state/lineage.ts';
import { capitalise, statusBadge } from '../kit/format.ts';
import { ArrowRightIcon, ChevronIcon } from '../kit/icons.tsx';
import { MaskedSource } from './MaskedSource.tsx';
import { StepBadges } from './StepBadges.tsx';
import { Thumbnail } from './Thumbnail.tsx';

const INDENT_PX = 28;

function nodeTitle(node: LineageNode): string {
  const { variant } = node.entry;
  const place =
    variant.variantCount > 1 ? `, variant ${variant.variantIndex + 1} of ${variant.variantCount}` : '';
  return `${capitalise(variant.kind)}${place}: ${variant.request.prompt}`;
}

export function TreeRow(props: {
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
          <ChevronIcon
            onClick={(event) => {
              event.stopPropagation();
              props.onToggle();
            }}
            className={`size-3.5 text-fg-muted transition ${props.expanded ? 'rotate-90' : ''}`}
          />
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
          <ArrowRightIcon className="size-3 text-fg-faint" />
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
          <StepBadges node={node} />
        </span>
      </span>
    </div>
  );
}
