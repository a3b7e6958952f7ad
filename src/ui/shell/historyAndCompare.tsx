/**
 * The gallery's entries into history and compare, for its `detailActions` and `selectionActions` slots;
 * loaded through galleryActions.tsx with the views they open.
 */
import { useId, useState } from 'react';
import { comparePair, sourceImageIdOf, sourceOfEdit } from '../../state/compare.ts';
import type { GalleryEntry } from '../../storage/studioStorage.ts';
import { CompareView } from '../compare/CompareView.tsx';
import { buttonClass } from '../kit/buttons.ts';
import { LineageView } from '../lineage/LineageView.tsx';
import { useWholeGallery } from '../../studio/index.ts';

function OpenHistory({ entry }: { entry: GalleryEntry }) {
  const [open, setOpen] = useState(false);
  const entries = useWholeGallery(open);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)} className={buttonClass}>
        History
      </button>
      {open && entries && (
        <LineageView
          entries={entries}
          focusId={entry.variant.id}
          onClose={() => setOpen(false)}
          renderCompare={(pair, onClose) => <CompareView {...pair} mode="slider" onClose={onClose} />}
        />
      )}
    </>
  );
}

function CompareWithSource({ edit }: { edit: GalleryEntry }) {
  const [open, setOpen] = useState(false);
  const entries = useWholeGallery(open);
  const source = entries ? sourceOfEdit(edit, entries) : null;
  return (
    <>
      <button type="button" onClick={() => setOpen(true)} className={buttonClass}>
        Compare with source
      </button>
      {open && source && (
        <CompareView left={source} right={edit} mode="slider" onClose={() => setOpen(false)} />
      )}
    </>
  );
}

/** For the detail view of one result: its history, and for an edit, before/after against its source. */
export function ResultLineageActions({ entry }: { entry: GalleryEntry }) {
  return (
    <>
      <OpenHistory entry={entry} />
      {sourceImageIdOf(entry.variant) !== null && <CompareWithSource edit={entry} />}
    </>
  );
}

/** For two ticked results: an edit against its source on a slider, anything else side by side. */
export function CompareSelected({ entries }: { entries: readonly GalleryEntry[] }) {
  const [open, setOpen] = useState(false);
  const reasonId = useId();
  const [a, b] = entries;
  const pair = entries.length === 2 && a && b ? comparePair(a, b) : null;
  // Said as text beside the button, not in a title: keyboard and touch users never see a title.
  const reason = pair ? null : entries.length < 2 ? 'Tick one more to compare' : 'Compare takes two';
  return (
    <>
      {reason && (
        <span id={reasonId} className="text-[12px] text-fg-faint">
          {reason}
        </span>
      )}
      <button
        type="button"
        disabled={!pair}
        aria-describedby={reason ? reasonId : undefined}
        onClick={() => setOpen(true)}
        className={buttonClass}
      >
        Compare
      </button>
      {open && pair && <CompareView {...pair} onClose={() => setOpen(false)} />}
    </>
  );
}
