/**
 * The conversation beside the canvas: turns through the Responses API, where a mainline model reads what
 * was said and shown before and calls the image tool. Each turn shows the designer's words, what the model
 * made of them (the revised prompt, generate or edit), its partials refining, the image and its cost; the
 * newest turn is continued, an earlier one branched from. Loaded with its first opening, not with the page.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { DEFAULT_MAINLINE_MODEL, MAINLINE_MODELS, costInDollars } from '../../contract/index.ts';
import { variantImage } from '../../state/run.ts';
import type { GalleryEntry } from '../../storage/studioStorage.ts';
import { rendersInBackground } from '../../state/draft.ts';
import { whereItRenders } from '../../studio/conversation.ts';
import { useStudio, useStudioState, useWholeGallery } from '../../studio/index.ts';
import { Badge } from '../kit/Badge.tsx';
import { buttonClass } from '../kit/buttons.ts';
import { formatDollars, formatTokens } from '../kit/format.ts';
import { CloseIcon } from '../kit/icons.tsx';
import { IconButton } from '../kit/IconButton.tsx';
import { controlClass, selectControlClass } from '../kit/form.tsx';
import { useObjectUrl } from '../kit/useObjectUrl.ts';

/** Which turn the next words go to: a new conversation, or a turn to continue (a branch if not the newest). */
type Target = { kind: 'new' } | { kind: 'turn'; turnId: string };

interface Turn {
  entry: GalleryEntry;
  number: number;
}

/** The stored turns by conversation, oldest first, and the conversations newest first. */
function conversationsOf(entries: readonly GalleryEntry[]): Map<string, Turn[]> {
  const byConversation = new Map<string, Turn[]>();
  const turns = entries
    .filter((entry) => entry.variant.conversation)
    .sort((a, b) => a.variant.startedAt - b.variant.startedAt);
  for (const entry of turns) {
    const id = entry.variant.conversation!.conversationId;
    const list = byConversation.get(id) ?? [];
    list.push({ entry, number: list.length + 1 });
    byConversation.set(id, list);
  }
  return new Map([...byConversation].reverse());
}

/**
 * How the list names a conversation: its first words, cut at a word with an ellipsis, and for one of several
 * images of a run sent through the Responses API at once, which image it began as.
 */
function conversationName(first: GalleryEntry): string {
  const { words } = first.variant.conversation!;
  const short = words.length <= 40 ? words : `${words.slice(0, 40).replace(/\s+\S*$/, '')}…`;
  const { variantIndex, variantCount } = first.variant;
  return variantCount > 1 ? `${short} (image ${variantIndex + 1} of ${variantCount})` : short;
}

function TurnImage({ entry }: { entry: GalleryEntry }) {
  const { variant } = entry;
  // A turn still streaming shows the session's newest partial; a stored one its final (or last partial).
  const live = useStudioState((state) => {
    for (const run of state.session.runs) {
      const shown = run.variants.find((candidate) => candidate.id === variant.id);
      if (shown) return shown;
    }
    return null;
  });
  const liveImage = live ? variantImage(live) : null;
  const stored = entry.final ?? entry.lastPartial;
  const storedUrl = useObjectUrl(liveImage ? null : (stored?.blob ?? null));
  const url = liveImage?.url ?? storedUrl;
  const refining = variant.status === 'streaming' && !live?.final;
  const expected = variant.request.partialImages;
  return (
    <div className="relative size-28 shrink-0 overflow-hidden rounded-md border border-line bg-canvas">
      {url ? (
        <img
          src={url}
          alt={`Turn image: ${variant.conversation?.words ?? ''}`}
          className="size-full object-cover"
        />
      ) : (
        <div className="grid size-full place-items-center px-2 text-center text-[11px] text-fg-muted">
          {variant.status === 'streaming' ? 'Waiting for the first partial' : 'No image'}
        </div>
      )}
      {refining && (
        // On a solid ground: the badge's own tint is too faint to read over a light image.
        <span className="absolute bottom-1.5 left-1.5 rounded-full bg-canvas/90">
          <Badge tone="accent">
            {live && live.partialCount > 0 ? `Refining ${live.partialCount}/${expected}` : 'Thinking…'}
          </Badge>
        </span>
      )}
    </div>
  );
}

/** A background turn still rendering: where, and whether the studio re-attached to it. */
function BackgroundNote({ variant }: { variant: GalleryEntry['variant'] }) {
  const turn = variant.conversation!;
  const where = whereItRenders(
    useStudioState((state) => state.relay.config),
    variant.request.model.id,
  );
  return (
    <p role="status" className="text-[11.5px] text-fg-muted">
      Rendering at {where}
      {turn.reattachedAt ? ', re-attached' : ' in the background'}: it goes on if this tab closes.
    </p>
  );
}

function TurnCost({ entry }: { entry: GalleryEntry }) {
  const { variant } = entry;
  const turn = variant.conversation!;
  if (variant.status === 'streaming') return null;
  const image =
    variant.usage && turn.toolUsageReported
      ? formatDollars(costInDollars(variant.request.model.pricing, variant.usage))
      : 'not reported';
  const mainline = turn.mainlineUsage;
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-[11.5px] text-fg-muted">
      <dt>Image tool</dt>
      <dd className="text-right text-fg tabular-nums">
        {image}
        {variant.usage && (
          <span className="text-fg-muted"> · {formatTokens(variant.usage.outputTokens)} out</span>
        )}
      </dd>
      {mainline && (
        <>
          <dt>{turn.mainlineModel}</dt>
          <dd
            className="text-right tabular-nums"
            title="The catalogue has no prices for mainline models, so these tokens are counted, not priced."
          >
            {formatTokens(mainline.inputTokens)} in · {formatTokens(mainline.outputTokens)} out · unpriced
          </dd>
        </>
      )}
    </dl>
  );
}

function TurnCard(props: {
  turn: Turn;
  parentNumber: number | null;
  newest: boolean;
  target: Target;
  busy: boolean;
  onTarget: (target: Target) => void;
  onShow: (runId: string) => void;
}) {
  const { entry, number } = props.turn;
  const { variant } = entry;
  const turn = variant.conversation!;
  const chosen = props.target.kind === 'turn' && props.target.turnId === variant.id;
  const continuable = variant.status === 'done' && turn.responseId !== null;
  const branch = props.parentNumber !== null && props.parentNumber !== number - 1;
  return (
    <li
      aria-label={`Turn ${number}`}
      className={`flex flex-col gap-2 rounded-lg border p-3 ${chosen ? 'border-accent/60 bg-accent/5' : 'border-line bg-raised/40'}`}
    >
      <div className="flex items-center gap-2 text-[11.5px] text-fg-muted">
        <span className="font-semibold text-fg">Turn {number}</span>
        {turn.action && (
          <Badge tone={turn.action === 'edit' ? 'accent' : 'muted'}>
            {turn.action === 'edit' ? 'Edit' : 'Generate'}
          </Badge>
        )}
        {props.parentNumber !== null && (
          <span>
            {branch ? `Branch of turn ${props.parentNumber}` : `Continues turn ${props.parentNumber}`}
          </span>
        )}
        {variant.status === 'error' && <Badge tone="danger">Failed</Badge>}
        {variant.status === 'cancelled' && <Badge tone="muted">Cancelled</Badge>}
        {variant.status === 'interrupted' && <Badge tone="warn">Interrupted</Badge>}
      </div>
      {(turn.attachedBoard || turn.attachedMask) && (
        <p className="text-[11.5px] text-fg-muted">
          {turn.attachedMask ? 'With the board’s images and the mask' : 'With the board’s images'}
        </p>
      )}
      {variant.status === 'streaming' && turn.background && <BackgroundNote variant={variant} />}
      {turn.resentWhole && (
        <p
          role="note"
          className="rounded-md border border-warn/40 bg-warn/10 px-2 py-1 text-[11.5px] text-fg"
        >
          The earlier response was no longer known upstream, so its image and these words were sent again as
          input.
        </p>
      )}
      <div className="flex gap-3">
        <button
          type="button"
          aria-label={`Show turn ${number} on the canvas`}
          className="rounded-md focus-visible:ring-2 focus-visible:ring-accent/70 focus-visible:outline-none"
          onClick={() => props.onShow(variant.runId)}
        >
          <TurnImage entry={entry} />
        </button>
        <div className="flex min-w-0 flex-1 flex-col gap-1.5">
          <p className="text-[13px] leading-snug text-fg">“{turn.words}”</p>
          {turn.revisedPrompt && (
            <p className="line-clamp-4 text-[11.5px] leading-snug text-fg-muted" title={turn.revisedPrompt}>
              <span className="font-medium text-fg">Revised prompt: </span>
              {turn.revisedPrompt}
            </p>
          )}
        </div>
      </div>
      {variant.error && <p className="text-[12px] text-danger">{variant.error.message}</p>}
      <TurnCost entry={entry} />
      {continuable && (props.newest || !chosen) && (
        <button
          type="button"
          className={`${buttonClass} self-start`}
          disabled={props.busy}
          onClick={() => props.onTarget({ kind: 'turn', turnId: variant.id })}
        >
          {props.newest ? 'Continue' : 'Branch from here'}
        </button>
      )}
      {chosen && !props.newest && (
        <p className="text-[11.5px] font-medium text-accent">The next turn branches from here.</p>
      )}
    </li>
  );
}

export function ConversationPanel({ onClose }: { onClose: () => void }) {
  const studio = useStudio();
  const entries = useWholeGallery(true);
  const conversations = useMemo(() => conversationsOf(entries ?? []), [entries]);
  const streaming = useStudioState((state) =>
    state.session.runs.some((run) => run.variants.some((variant) => variant.status === 'streaming')),
  );
  const boardCount = useStudioState((state) => state.board.images.length);
  const masked = useStudioState((state) => state.mask.history.operations.length > 0);
  const [conversationId, setConversationId] = useState<string | null>(null);
  const [target, setTarget] = useState<Target | null>(null);
  const [words, setWords] = useState('');
  const [mainlineModel, setMainlineModel] = useState<string>(DEFAULT_MAINLINE_MODEL);
  const [attachBoard, setAttachBoard] = useState(false);
  const [attachMask, setAttachMask] = useState(false);
  // Null follows the Run section's choice, or its default: on for long renders (high quality and up, above 4 MP).
  const [keepRendering, setKeepRendering] = useState<boolean | null>(null);
  const inDraft = useStudioState((state) => rendersInBackground(state.draft.draft));
  const background = keepRendering ?? inDraft;
  const wordsRef = useRef<HTMLTextAreaElement>(null);
  const listRef = useRef<HTMLOListElement>(null);

  // The conversation on show: the one chosen, else the newest; a new one once the designer asks for it.
  const shownId =
    target?.kind === 'new' ? null : (conversationId ?? conversations.keys().next().value ?? null);
  const turns = useMemo(() => (shownId ? (conversations.get(shownId) ?? []) : []), [conversations, shownId]);
  const newest = turns.at(-1) ?? null;
  // The next words continue the newest finished turn unless the designer picked another.
  const effective: Target =
    target ?? (newest ? { kind: 'turn', turnId: newest.entry.variant.id } : { kind: 'new' });
  const targetTurn =
    effective.kind === 'turn' ? turns.find((turn) => turn.entry.variant.id === effective.turnId) : undefined;
  const numberOf = (variantId: string | null) =>
    turns.find((turn) => turn.entry.variant.id === variantId)?.number ?? null;

  const turnCount = turns.length;
  useEffect(() => {
    const list = listRef.current;
    if (list) list.scrollTop = list.scrollHeight;
  }, [turnCount]);

  const choose = (next: Target) => {
    setTarget(next);
    wordsRef.current?.focus();
  };
  const send = async () => {
    const said = words.trim();
    if (!said || streaming) return;
    const options = {
      mainlineModel,
      attachBoard: attachBoard && boardCount > 0,
      attachMask: attachBoard && attachMask && masked,
      background,
    };
    setWords('');
    // A new conversation shows itself once its first turn is stored.
    if (effective.kind === 'new' || !targetTurn) {
      setConversationId(null);
      setTarget(null);
      await studio.startConversation(said, options);
    } else {
      setTarget(null);
      await studio.continueFrom(targetTurn.entry.variant.id, said, options);
    }
  };

  const heading =
    effective.kind === 'new' || !targetTurn
      ? 'Starts a new conversation'
      : targetTurn === newest
        ? `Continues turn ${targetTurn.number}`
        : `Branches from turn ${targetTurn.number}`;

  return (
    <aside
      aria-label="Conversation"
      className="flex w-[22rem] shrink-0 flex-col border-l border-line bg-panel xl:w-[26rem]"
    >
      <header className="flex h-11 shrink-0 items-center gap-2 border-b border-line px-3">
        <h2 className="text-[13px] font-semibold text-fg">Conversation</h2>
        <span className="text-[11px] whitespace-nowrap text-fg-muted">Responses API</span>
        <div className="ml-auto flex items-center gap-1.5">
          {conversations.size > 1 && (
            <select
              aria-label="Conversation shown"
              className={`${selectControlClass(false)} w-36 py-1 text-[12px] xl:w-52`}
              value={shownId ?? ''}
              onChange={(event) => {
                setConversationId(event.target.value);
                setTarget(null);
              }}
            >
              {target?.kind === 'new' && <option value="">New conversation</option>}
              {[...conversations].map(([id, list]) => (
                <option key={id} value={id}>
                  {conversationName(list[0]!.entry)}
                </option>
              ))}
            </select>
          )}
          <button
            type="button"
            className={buttonClass}
            disabled={streaming}
            onClick={() => choose({ kind: 'new' })}
          >
            New
          </button>
          <IconButton label="Close the conversation" onClick={onClose}>
            <CloseIcon />
          </IconButton>
        </div>
      </header>
      <ol ref={listRef} className="flex min-h-0 flex-1 flex-col gap-3 overflow-y-auto p-3">
        {turns.length === 0 && (
          <li className="m-auto max-w-[18rem] text-center text-[12.5px] leading-relaxed text-fg-muted">
            Describe an image below. Each turn after it can change that image in plain words (“make it
            night”); the model keeps the conversation, and an earlier turn can be branched from.
          </li>
        )}
        {turns.map((turn) => (
          <TurnCard
            key={turn.entry.variant.id}
            turn={turn}
            parentNumber={numberOf(turn.entry.variant.conversation!.parentTurnId)}
            newest={turn === newest}
            target={effective}
            busy={streaming}
            onTarget={choose}
            onShow={(runId) => studio.store.getState().session.select(runId)}
          />
        ))}
      </ol>
      <form
        className="flex shrink-0 flex-col gap-2 border-t border-line p-3"
        onSubmit={(event) => {
          event.preventDefault();
          void send();
        }}
      >
        <div className="flex items-center justify-between gap-2 text-[11.5px] text-fg-muted">
          <span aria-live="polite">{heading}</span>
          {target !== null && target.kind === 'turn' && targetTurn !== newest && (
            <button type="button" className="underline hover:text-fg" onClick={() => setTarget(null)}>
              Continue the newest instead
            </button>
          )}
        </div>
        <textarea
          ref={wordsRef}
          aria-label="Turn words"
          rows={2}
          value={words}
          placeholder={targetTurn ? 'What to change, e.g. “make it night”' : 'What the image should show'}
          className={`${controlClass(false)} resize-none`}
          onChange={(event) => setWords(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && !event.shiftKey) {
              event.preventDefault();
              void send();
            }
          }}
        />
        <div className="flex flex-wrap items-center gap-x-3 gap-y-1.5 text-[12px] text-fg-muted">
          <label
            className="inline-flex items-center gap-1.5"
            title={boardCount === 0 ? 'The board is empty' : undefined}
          >
            <input
              type="checkbox"
              checked={attachBoard && boardCount > 0}
              disabled={boardCount === 0}
              onChange={(event) => setAttachBoard(event.target.checked)}
            />
            Attach board images{boardCount > 0 ? ` (${boardCount})` : ''}
          </label>
          <label className="inline-flex items-center gap-1.5">
            <input
              type="checkbox"
              checked={attachBoard && attachMask && masked && boardCount > 0}
              disabled={!attachBoard || !masked || boardCount === 0}
              onChange={(event) => setAttachMask(event.target.checked)}
            />
            Attach mask
          </label>
          <label
            className="inline-flex items-center gap-1.5"
            title="Sent as a background response: it renders on if the tab closes or the connection drops, and the studio re-attaches to it"
          >
            <input
              type="checkbox"
              checked={background}
              onChange={(event) => setKeepRendering(event.target.checked)}
            />
            Keep rendering if I close the tab
          </label>
        </div>
        <div className="flex items-center gap-2">
          <select
            aria-label="Mainline model"
            title="The text model that reads the conversation and calls the image tool"
            className={`${selectControlClass(false)} w-auto flex-1 py-1 text-[12px]`}
            value={mainlineModel}
            onChange={(event) => setMainlineModel(event.target.value)}
          >
            {MAINLINE_MODELS.map((model) => (
              <option key={model} value={model}>
                {model}
              </option>
            ))}
          </select>
          {streaming ? (
            <button type="button" className={buttonClass} onClick={() => studio.cancel()}>
              Cancel
            </button>
          ) : (
            <button
              type="submit"
              disabled={words.trim() === ''}
              className="rounded-md bg-accent px-3 py-1 text-[12.5px] font-semibold text-accent-fg transition hover:brightness-110 focus-visible:ring-2 focus-visible:ring-accent/70 focus-visible:outline-none disabled:cursor-not-allowed disabled:opacity-45"
            >
              Send
            </button>
          )}
        </div>
      </form>
    </aside>
  );
}
