/**
 * The history dialog: the lineage tree beside the selected step. Composes LineageTree and StepDetails; the
 * compare view it opens comes through `renderCompare`, so history does not depend on compare.
 */
import { useMemo, useState, type ReactNode } from 'react';
import { sourceOfEdit, type CompareSubject } from '../../state/compare.ts';
import { buildLineage } from '../../state/lineage.ts';
import type { GalleryEntry } from '../../storage/studioStorage.ts';
import { useStudioState } from '../../studio/index.ts';
import { Dialog } from '../kit/Dialog.tsx';
import { LineageTree } from './LineageTree.tsx';
import { StepDetails } from './StepDetails.tsx';

export interface LineageViewProps {
  /** The whole gallery, unfiltered: an edit whose parent is not among them reads as "parent deleted". */
  entries: readonly GalleryEntry[];
  /** The variant to select and show on opening; the newest one when omitted. */
  focusId?: string;
  onClose: () => void;
  /** The comparison "Compare with parent" opens: an edit against its source, on a slider. */
  renderCompare: (pair: { left: CompareSubject; right: GalleryEntry }, onClose: () => void) => ReactNode;
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
    <Dialog title="History" onClose={props.onClose} fillsWindow>
      {selected ? (
        <div className="flex min-h-0 flex-1">
          <LineageTree forest={forest} selectedId={selectedId} onSelect={setChosenId} />
          <StepDetails
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
      {comparing && props.renderCompare(comparing, () => setComparing(null))}
    </Dialog>
  );
}
