import { Suspense, useId, useState, type KeyboardEvent, type RefObject } from 'react';
import { tooltipFor } from '../../editor/actions/keys.ts';
import { PROMPT_ACTIONS, performPromptAction } from '../prompt/promptActions.ts';
import { lazyView } from '../kit/lazyView.tsx';
import { useDraftField, useFieldProblem } from './draftFields.ts';

// Opened on demand; fetched when the page is idle, so it is there by the first ↑.
const PromptHistory = lazyView(() =>
  import('../prompt/PromptHistory.tsx').then((module) => module.PromptHistory),
);

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
    placeholder:
      'Describe the change: what should appear in the painted area, or what to make of the references…',
  },
} as const;

/** Puts the caret after the last character: a recalled or focused prompt is usually added to. */
function focusAtEnd(field: HTMLTextAreaElement | null) {
  field?.focus();
  field?.setSelectionRange(field.value.length, field.value.length);
}

function HistoryIcon() {
  return (
    <svg aria-hidden viewBox="0 0 16 16" className="size-3.5">
      <path
        d="M2.5 8a5.5 5.5 0 1 0 1.6-3.9M2.5 2.5v2.2h2.2M8 5v3.2l2 1.3"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.4"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}

export function PromptDock({
  promptRef,
  ...props
}: {
  mode?: keyof typeof MODE_WORDS;
  /** The prompt field, for the page's key that goes to it. */
  promptRef: RefObject<HTMLTextAreaElement | null>;
  streaming: boolean;
  onGenerate: () => void;
  onCancel: () => void;
}) {
  const words = MODE_WORDS[props.mode ?? 'generate'];
  const id = useId();
  const [prompt, setPrompt] = useDraftField('prompt');
  const [api] = useDraftField('api');
  const throughResponses = api === 'responses';
  const problem = useFieldProblem('prompt');
  const [historyOpen, setHistoryOpen] = useState(false);
  const closeHistory = () => {
    setHistoryOpen(false);
    promptRef.current?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    const field = event.currentTarget;
    const caretAtStart = field.selectionStart === 0 && field.selectionEnd === 0;
    if (performPromptAction(event, { caretAtStart, openHistory: () => setHistoryOpen(true) })) {
      event.preventDefault();
    }
  };

  return (
    <div
      className={`relative rounded-xl border bg-panel/95 shadow-2xl shadow-black/40 backdrop-blur transition focus-within:border-line-strong ${
        problem ? 'border-danger ring-1 ring-danger/60' : 'border-line'
      }`}
    >
      {historyOpen && (
        <Suspense fallback={null}>
          <PromptHistory
            onClose={closeHistory}
            onRecall={(text) => {
              setPrompt(text);
              setHistoryOpen(false);
              // After React has put the recalled text in the field, so the caret goes after all of it.
              requestAnimationFrame(() => focusAtEnd(promptRef.current));
            }}
          />
        </Suspense>
      )}
      <label htmlFor={id} className="sr-only">
        Prompt
      </label>
      <textarea
        ref={promptRef}
        id={id}
        rows={2}
        value={prompt}
        placeholder={words.placeholder}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? `${id}-problem` : undefined}
        onChange={(event) => setPrompt(event.target.value)}
        onKeyDown={onKeyDown}
        // Grows with what is typed (up to the cap); starts at three lines, or two in a short window, where
        // every line taken from the dock is a line the mask and the canvas get.
        className="block max-h-48 min-h-20 w-full resize-y rounded-t-xl bg-transparent px-4 pt-3 text-[14px] leading-relaxed text-fg outline-none field-sizing-content placeholder:text-fg-faint short:min-h-14 short:pt-2.5"
      />
      {problem && (
        <p id={`${id}-problem`} className="px-4 pb-1 text-[12px] text-danger">
          {problem}
        </p>
      )}
      <div className="flex items-center justify-between gap-3 px-3 pt-1 pb-3 short:pt-0.5 short:pb-2">
        <span className="flex items-center gap-3 text-[11px] text-fg-faint">
          <button
            type="button"
            aria-expanded={historyOpen}
            aria-haspopup="listbox"
            title={tooltipFor(PROMPT_ACTIONS[0])}
            // The list closes itself on a press outside it; this button's own press is the toggle's.
            onPointerDown={(event) => event.stopPropagation()}
            onClick={() => (historyOpen ? closeHistory() : setHistoryOpen(true))}
            className="inline-flex items-center gap-1.5 rounded-md px-1.5 py-1 text-[12px] whitespace-nowrap text-fg-muted transition hover:bg-active hover:text-fg focus-visible:ring-2 focus-visible:ring-accent/70 focus-visible:outline-none aria-expanded:bg-active aria-expanded:text-fg"
          >
            <HistoryIcon />
            Recent prompts
          </button>
          {props.streaming ? (
            <span className="whitespace-nowrap">
              <Key>Esc</Key> to cancel
            </span>
          ) : (
            <span className="whitespace-nowrap">
              <Key>{isMac ? '⌘' : 'Ctrl'}</Key> <Key>↵</Key> {words.hint}
            </span>
          )}
        </span>
        <div className="flex items-center gap-2">
          {throughResponses && (
            <span
              className="text-[11px] whitespace-nowrap text-fg-muted"
              title="Set under Run › API in the settings: a mainline model reads the prompt and calls the image tool"
            >
              via Responses API
            </span>
          )}
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
