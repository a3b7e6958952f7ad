/**
 * The history of a session as a forest: every variant is a node, and an edit hangs under the result it
 * started from. Built from the gallery's entries, which already leave deleted variants out.
 */
import type { VariantRecord, ImageRecord } from '../storage/records.ts';
import type { GalleryEntry } from '../storage/studioStorage.ts';

/** What an edit carried in: the image it changed, the mask that said where, and the other references. */
export interface LineageEdge {
  /** The edit target: the parent's image, or the uploaded file the edit started from. */
  sourceImageId: string | null;
  maskImageId: string | null;
  /** The rest of the board after the edit target, in board order. */
  referenceImageIds: string[];
}

export interface LineageNode {
  /** The variant's id. */
  id: string;
  entry: GalleryEntry;
  /** The image that stands for it: the final, or the last partial of one that never finished. */
  image: ImageRecord | null;
  parentId: string | null;
  /** Null for variants; for edits, what went in, whether or not the parent is still stored. */
  edge: LineageEdge | null;
  /** An edit of a stored result that is no longer in the gallery. */
  parentDeleted: boolean;
  /** Edits made from this node, one group per batch of variants, oldest first. */
  children: LineageBatch[];
}

/** The variants of one request: siblings that share a runId, in variant order. */
export interface LineageBatch {
  runId: string;
  nodes: LineageNode[];
}

export interface LineageForest {
  roots: LineageBatch[];
  nodes: ReadonlyMap<string, LineageNode>;
}

/** The image a gallery entry shows: its final, else what was left when it stopped. */
export function shownImage(entry: GalleryEntry): ImageRecord | null {
  return entry.final ?? entry.lastPartial;
}

function edgeOf(variant: VariantRecord): LineageEdge | null {
  if (variant.kind !== 'edit') return null;
  return {
    sourceImageId: variant.parentImageId ?? variant.inputImageIds[0] ?? null,
    maskImageId: variant.maskImageId,
    referenceImageIds: variant.inputImageIds.slice(1),
  };
}

function groupIntoBatches(nodes: readonly LineageNode[]): LineageBatch[] {
  const batches = new Map<string, LineageNode[]>();
  for (const node of nodes) {
    const runId = node.entry.variant.runId;
    const batch = batches.get(runId);
    if (batch) batch.push(node);
    else batches.set(runId, [node]);
  }
  const firstStart = (batch: readonly LineageNode[]) =>
    Math.min(...batch.map((node) => node.entry.variant.startedAt));
  return [...batches.entries()]
    .map(([runId, members]) => ({
      runId,
      nodes: members.sort((a, b) => a.entry.variant.variantIndex - b.entry.variant.variantIndex),
    }))
    .sort((a, b) => firstStart(a.nodes) - firstStart(b.nodes));
}

/**
 * An edit cannot be older than its parent's image, so a cycle only comes from damaged data (a hand-made
 * import); the oldest node of each cycle becomes a root so every node stays reachable and walks end.
 */
function breakCycles(nodes: ReadonlyMap<string, LineageNode>): void {
  const settled = new Set<string>();
  for (const start of nodes.values()) {
    const path: LineageNode[] = [];
    const onPath = new Set<string>();
    let node: LineageNode | undefined = start;
    while (node && !settled.has(node.id)) {
      if (onPath.has(node.id)) {
        const cycle = path.slice(path.indexOf(node));
        const oldest = cycle.reduce((a, b) =>
          b.entry.variant.startedAt < a.entry.variant.startedAt ? b : a,
        );
        oldest.parentId = null;
        break;
      }
      path.push(node);
      onPath.add(node.id);
      node = node.parentId === null ? undefined : nodes.get(node.parentId);
    }
    for (const visited of path) settled.add(visited.id);
  }
}

export function buildLineage(entries: readonly GalleryEntry[]): LineageForest {
  // Edits point at an image; the variant that made it is the parent node.
  const variantOfImage = new Map<string, string>();
  for (const entry of entries) {
    for (const image of [entry.final, entry.lastPartial]) {
      if (image) variantOfImage.set(image.id, entry.variant.id);
    }
  }

  const nodes = new Map<string, LineageNode>();
  for (const entry of entries) {
    const { variant } = entry;
    const { parentImageId } = variant;
    const parentId = parentImageId === null ? null : (variantOfImage.get(parentImageId) ?? null);
    nodes.set(variant.id, {
      id: variant.id,
      entry,
      image: shownImage(entry),
      parentId,
      edge: edgeOf(variant),
      parentDeleted: parentImageId !== null && parentId === null,
      children: [],
    });
  }
  breakCycles(nodes);

  const childrenOf = new Map<string, LineageNode[]>();
  const roots: LineageNode[] = [];
  for (const node of nodes.values()) {
    if (node.parentId === null) {
      roots.push(node);
      continue;
    }
    const siblings = childrenOf.get(node.parentId);
    if (siblings) siblings.push(node);
    else childrenOf.set(node.parentId, [node]);
  }
  for (const [parentId, children] of childrenOf) {
    nodes.get(parentId)!.children = groupIntoBatches(children);
  }
  return { roots: groupIntoBatches(roots), nodes };
}

/** The path from the root down to the node (both included), or empty when the node is unknown. */
export function ancestry(forest: LineageForest, nodeId: string): LineageNode[] {
  const path: LineageNode[] = [];
  let node = forest.nodes.get(nodeId);
  while (node) {
    path.unshift(node);
    node = node.parentId === null ? undefined : forest.nodes.get(node.parentId);
  }
  return path;
}

/** One line of the tree as shown: what ARIA's flat treeitems need (aria-level, -posinset, -setsize). */
export interface LineageRow {
  node: LineageNode;
  /** 1 for roots. */
  level: number;
  /** 1-based place among the node's siblings (all batches under one parent), and their number. */
  position: number;
  siblingCount: number;
  /** Whether the node has children, and so can be expanded or collapsed. */
  expandable: boolean;
}

/** The tree in reading order, leaving out the descendants of collapsed nodes. */
export function visibleRows(forest: LineageForest, collapsed: ReadonlySet<string>): LineageRow[] {
  const rows: LineageRow[] = [];
  const visit = (batches: readonly LineageBatch[], level: number) => {
    const siblings = batches.flatMap((batch) => batch.nodes);
    siblings.forEach((node, index) => {
      const expandable = node.children.length > 0;
      rows.push({ node, level, position: index + 1, siblingCount: siblings.length, expandable });
      if (expandable && !collapsed.has(node.id)) visit(node.children, level + 1);
    });
  };
  visit(forest.roots, 1);
  return rows;
}
