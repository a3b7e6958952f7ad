/** Which pane a canvas too narrow for both shows in Edit mode: the source with its mask, or the result. */
import { useState } from 'react';
import { Segmented, type ChoiceOption } from '../kit/Segmented.tsx';

export type EditView = 'source' | 'result';

const VIEWS: ChoiceOption<EditView>[] = [
  { value: 'source', label: 'Source', hint: 'The first image, to paint the mask on' },
  { value: 'result', label: 'Result', hint: 'The newest edit' },
];

/**
 * Which of the two a narrow canvas shows. A new edit comes forward so it can be watched as it arrives; a
 * new first image (a result taken as source, a reorder) goes back to the mask, to be painted on.
 */
export function useEditView(runId: string | null, sourceId: string | null) {
  const [view, setView] = useState<EditView>('source');
  const [shownFor, setShownFor] = useState({ runId, sourceId });
  if (shownFor.runId !== runId || shownFor.sourceId !== sourceId) {
    setShownFor({ runId, sourceId });
    setView(shownFor.sourceId === sourceId && runId !== null ? 'result' : 'source');
  }
  return [view, setView] as const;
}

/** Source or Result, for a canvas too narrow to show both (hidden where they sit side by side). */
export function EditViewSwitch({ view, onChange }: { view: EditView; onChange: (view: EditView) => void }) {
  return (
    <div className="@min-[1280px]/main:hidden">
      <Segmented look="toolbar" label="Canvas shows" value={view} options={VIEWS} onChange={onChange} />
    </div>
  );
}
