import { useId, type KeyboardEvent } from 'react';
import { useDraftField, useFieldProblem } from './draftFields.ts';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

function Key({ children }: { children: string }) {
  return (
    <kbd className="rounded border border-line bg-raised px-1.5 py-0.5 font-sans text-fg-muted">
      {children}
    </kbd>
  );
}

/** What the dock's words say in each mode: the button, its busy state, the shortcut hint, the placeholder. */
const MODE_WORDS = {
  generate: {
    action: 'Generate',
    busy: 'Generating…',
    hint: 'to generate',
    placeholder: 'Describe the image: subject, light, palette, composition…',
  },
  edit: {
    action: 'Apply edit',
    busy: 'Editing…',
    hint: 'to edit',
    placeholder: 'Describe the change: what should appear in the painted area, using the references…',
  },
} as const;

export function PromptDock(props: {
  mode?: keyof typeof MODE_WORDS;
  streaming: boolean;
  onGenerate: () => void;
  onCancel: () => void;
}) {
  const words = MODE_WORDS[props.mode ?? 'generate'];
  const id = useId();
  const [prompt, setPrompt] = useDraftField('prompt');
  const problem = useFieldProblem('prompt');

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      if (!props.streaming) props.onGenerate();
    }
  };

  return (
    <div
      className={`rounded-xl border bg-panel/95 shadow-2xl shadow-black/40 backdrop-blur transition focus-within:border-line-strong ${
        problem ? 'border-danger ring-1 ring-danger/60' : 'border-line'
      }`}
    >
      <label htmlFor={id} className="sr-only">
        Prompt
      </label>
      <textarea
        id={id}
        rows={3}
        value={prompt}
        placeholder={words.placeholder}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? `${id}-problem` : undefined}
        onChange={(event) => setPrompt(event.target.value)}
        onKeyDown={onKeyDown}
        className="block max-h-48 min-h-[4.5rem] w-full resize-y rounded-t-xl bg-transparent px-4 pt-3 text-[14px] leading-relaxed text-fg outline-none placeholder:text-fg-faint"
      />
      {problem && (
        <p id={`${id}-problem`} className="px-4 pb-1 text-[12px] text-danger">
          {problem}
        </p>
      )}
      <div className="flex items-center justify-between gap-3 px-3 pb-3 pt-1">
        <span className="text-[11px] text-fg-faint">
          {props.streaming ? (
            <>
              <Key>Esc</Key> to cancel
            </>
          ) : (
            <>
              <Key>{isMac ? '⌘' : 'Ctrl'}</Key> <Key>↵</Key> {words.hint}
            </>
          )}
        </span>
        <div className="flex items-center gap-2">
          {props.streaming && (
            <button
              type="button"
              onClick={props.onCancel}
              className="rounded-md border border-line bg-raised px-3.5 py-1.5 text-[13px] font-medium text-fg transition hover:border-line-strong hover:bg-active focus-visible:ring-2 focus-visible:ring-accent/70 focus-visible:outline-none"
            >
              Cancel
            </button>
          )}
          <button
            type="button"
            onClick={props.onGenerate}
            disabled={props.streaming}
            className="inline-flex items-center gap-2 rounded-md bg-accent px-4 py-1.5 text-[13px] font-semibold text-accent-fg shadow-sm transition hover:brightness-110 focus-visible:ring-2 focus-visible:ring-accent/70 focus-visible:ring-offset-2 focus-visible:ring-offset-panel focus-visible:outline-none disabled:cursor-not-allowed disabled:opacity-50"
          >
            {props.streaming && (
              <span
                aria-hidden
                className="size-3 animate-spin rounded-full border-2 border-accent-fg/30 border-t-accent-fg"
              />
            )}
            {props.streaming ? words.busy : words.action}
          </button>
        </div>
      </div>
    </div>
  );
}
