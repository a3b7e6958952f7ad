import type { StudioMode } from '../../state/draftSlice.ts';
import { useStudioState } from '../../studio/index.ts';

const MODES: { value: StudioMode; label: string; hint: string }[] = [
  { value: 'generate', label: 'Generate', hint: 'Make new images from a prompt' },
  { value: 'edit', label: 'Edit', hint: 'Paint a mask on an image and describe the change' },
];

/** Generate or Edit: which request the prompt sends, and what the canvas shows. */
export function ModeSwitch() {
  const mode = useStudioState((state) => state.draft.mode);
  const setMode = useStudioState((state) => state.draft.setMode);
  return (
    <div
      role="radiogroup"
      aria-label="Mode"
      className="inline-flex gap-0.5 rounded-lg border border-line bg-panel p-0.5 shadow-lg shadow-black/30"
    >
      {MODES.map((option) => {
        const checked = option.value === mode;
        return (
          <button
            key={option.value}
            type="button"
            role="radio"
            aria-checked={checked}
            title={option.hint}
            onClick={() => setMode(option.value)}
            className={`rounded-md px-4 py-1 text-[12px] font-medium transition focus-visible:ring-2 focus-visible:ring-accent/70 focus-visible:outline-none ${
              checked ? 'bg-active text-fg shadow-sm' : 'text-fg-muted hover:text-fg'
            }`}
          >
            {option.label}
          </button>
        );
      })}
    </div>
  );
}
