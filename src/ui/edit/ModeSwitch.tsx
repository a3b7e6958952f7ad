import type { StudioMode } from '../../state/draftSlice.ts';
import { useStudioState } from '../../studio/index.ts';
import { Segmented, type ChoiceOption } from '../kit/Segmented.tsx';

const MODES: ChoiceOption<StudioMode>[] = [
  { value: 'generate', label: 'Generate', hint: 'Make new images from a prompt' },
  { value: 'edit', label: 'Edit', hint: 'Paint a mask on an image and describe the change' },
];

/** Generate or Edit: which request the prompt sends, and what the canvas shows. */
export function ModeSwitch() {
  const mode = useStudioState((state) => state.draft.mode);
  const setMode = useStudioState((state) => state.draft.setMode);
  return <Segmented look="floating" label="Mode" value={mode} options={MODES} onChange={setMode} />;
}
