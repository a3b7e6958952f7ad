import { useEffect, useMemo, useRef, useState, Suspense } from 'react';
import type { ModelRegistry, StudioConfig } from '../../contract/index.ts';
import { checkVariant } from '../../state/edit.ts';
import { isShown, runStatus } from '../../state/run.ts';
import {
  INVALID_ACCESS_TOKEN_CODE,
  RelayError,
  useStudio,
  useStudioConfig,
  useStudioState,
} from '../../studio/index.ts';
import { BoardNotices, BoardToggle, ReferenceBoard, useBoardOpen } from '../board/ReferenceBoard.tsx';
import { Canvas } from './Canvas.tsx';
import { DraftCaveats } from './DraftCaveats.tsx';
import { useBudgetConfirm } from '../cost/BudgetConfirm.tsx';
import { EditCanvas } from '../edit/EditCanvas.tsx';
import { EditViewSwitch, useEditView } from '../edit/editView.tsx';
import { GalleryLayer } from '../gallery/Gallery.tsx';
import { ModeSwitch } from '../edit/ModeSwitch.tsx';
import { CompareSelected, ResultLineageActions } from './galleryActions.tsx';
import { TouchUpView } from '../edit/EditResult.tsx';
import { ProblemBanner } from './ProblemBanner.tsx';
import { PromptDock } from './PromptDock.tsx';
import { SessionStrip } from './SessionStrip.tsx';
import { SettingsPanel } from './SettingsPanel.tsx';
import { neighbourRunIds } from './studioActions.ts';
import { useStudioKeys } from './useStudioKeys.tsx';
import { StorageBanner } from './StorageBanner.tsx';
import { TopBar } from './TopBar.tsx';

import { lazyView } from '../kit/lazyView.tsx';
import { buttonClass } from '../kit/buttons.ts';

// The right-hand details of the newest result: empty until a run, so it arrives when the page is idle.
const Inspector = lazyView(() => import('./Inspector.tsx').then((module) => module.Inspector));

// Conversations through the Responses API, in a panel beside the canvas once the designer opens it.
const ConversationPanel = lazyView(() =>
  import('../conversation/ConversationPanel.tsx').then((module) => module.ConversationPanel),
);

// Asked for only by a relay that wants an access token.
const AccessTokenForm = lazyView(() =>
  import('./AccessTokenForm.tsx').then((module) => module.AccessTokenForm),
);
import { FullSizeViewer } from '../viewer/FullSizeViewer.tsx';

function Workspace({ config, registry }: { config: StudioConfig; registry: ModelRegistry }) {
  const studio = useStudio();
  const draftModel = useStudioState((state) => state.draft.draft.model);
  const modelId = draftModel ?? config.defaultModel;
  const model = registry.get(modelId) ?? registry.get(config.defaultModel) ?? config.models[0]!;
  const allRuns = useStudioState((state) => state.session.runs);
  const deletedVariantIds = useStudioState((state) => state.session.deletedVariantIds);
  // Results deleted in the gallery leave the strip and the canvas too (until undone).
  const runs = useMemo(
    () => allRuns.filter((candidate) => isShown(candidate, deletedVariantIds)),
    [allRuns, deletedVariantIds],
  );
  const selectedRunId = useStudioState((state) => state.session.selectedRunId);
  const problem = useStudioState((state) => state.session.problem);
  const run = runs.find((candidate) => candidate.id === selectedRunId) ?? runs[0] ?? null;
  const streaming = allRuns.some((candidate) => runStatus(candidate) === 'streaming');
  const { cancel } = studio;
  const mode = useStudioState((state) => state.draft.mode);
  // Edit mode shows the newest edit beside its source, whatever generation is selected meanwhile.
  const editRun =
    run?.request.kind === 'edit'
      ? run
      : (runs.find((candidate) => candidate.request.kind === 'edit') ?? null);
  const sourceId = useStudioState((state) => state.board.images[0]?.id ?? null);
  const [editView, setEditView] = useEditView(editRun?.id ?? null, sourceId);
  const board = useBoardOpen();
  const [conversationOpen, setConversationOpen] = useState(false);

  const budget = useBudgetConfirm(model);
  const draft = useStudioState((state) => state.draft.draft);
  // What the next run would meet, shown before it is sent. An empty prompt is the usual state while
  // typing, not news; a refusal the problem banner already shows is not said twice.
  const checked = useMemo(
    () => checkVariant({ ...draft, model: modelId }, mode, registry),
    [draft, modelId, mode, registry],
  );
  const refusal =
    !checked.ok && !['prompt', problem?.param].includes(checked.error.body.error.param)
      ? checked.error.body.error
      : null;
  const caveats = checked.ok ? checked.value.caveats.filter((caveat) => caveat.param !== problem?.param) : [];

  // The draft starts without a model; the relay's default fills it on first use so the body names it.
  const onGenerate = () => {
    if (draftModel === null) studio.updateDraft({ model: modelId });
    budget.confirm(() => void studio.run());
  };
  // The page's keys (Escape cancels a run, ? opens the shortcut sheet) and the sheet itself.
  const promptRef = useRef<HTMLTextAreaElement>(null);
  const galleryOpen = useStudioState((state) => state.gallery.open);
  const keys = useStudioKeys({
    streaming,
    cancel,
    generate: onGenerate,
    galleryOpen,
    ...neighbourRunIds(runs, run?.id ?? null),
    focusPrompt: () => {
      const prompt = promptRef.current;
      prompt?.focus();
      prompt?.setSelectionRange(prompt.value.length, prompt.value.length);
    },
    switchMode: () => studio.store.getState().draft.setMode(mode === 'edit' ? 'generate' : 'edit'),
    toggleGallery: () => studio.store.getState().gallery.setOpen(!galleryOpen),
    showRun: (runId) => studio.store.getState().session.select(runId),
  });

  return (
    <div className="flex min-h-0 min-w-0 flex-1">
      <SettingsPanel config={config} model={model} />
      {budget.dialog}
      {keys.sheet}
      {/* The container the canvases query: side by side or one at a time is a matter of this width. */}
      <main className="@container/main flex min-w-0 flex-1 flex-col">
        {/* The canvas's header: the board's fold on the left, the mode in the middle, what the edit canvas
            shows on the right. */}
        <div className="grid h-11 shrink-0 grid-cols-[1fr_auto_1fr] items-center gap-3 px-4">
          <div className="flex min-w-0 justify-start">
            {mode === 'edit' && (
              <BoardToggle
                open={board.open}
                onToggle={board.setOpen}
                boardId={board.boardId}
                limit={model.maxReferenceImages}
              />
            )}
          </div>
          <ModeSwitch />
          <div className="flex min-w-0 items-center justify-end gap-2">
            {mode === 'edit' && sourceId !== null && editRun && (
              <EditViewSwitch view={editView} onChange={setEditView} />
            )}
            <button
              type="button"
              aria-pressed={conversationOpen}
              title="Turns through the Responses API: the model keeps the conversation and edits in plain words"
              className={`${buttonClass} ${conversationOpen ? 'border-accent/60 bg-accent/10' : ''}`}
              onMouseEnter={() => void ConversationPanel.preload()}
              onFocus={() => void ConversationPanel.preload()}
              onClick={() => setConversationOpen(!conversationOpen)}
            >
              Conversation
            </button>
          </div>
        </div>
        {mode === 'edit' ? (
          <>
            {board.open && <ReferenceBoard limit={model.maxReferenceImages} id={board.boardId} />}
            <EditCanvas run={editRun} model={model} keymap={keys.keymap} view={editView} />
          </>
        ) : (
          <Canvas run={run} runs={runs} boardLimit={model.maxReferenceImages} />
        )}
        <div className="mx-auto flex w-full max-w-3xl shrink-0 flex-col gap-2 px-6 pb-3 short:pb-2">
          {mode === 'edit' && <BoardNotices />}
          <StorageBanner />
          {problem && <ProblemBanner problem={problem} onRetry={onGenerate} />}
          <DraftCaveats refusal={refusal} caveats={caveats} />
          <PromptDock
            mode={mode}
            promptRef={promptRef}
            streaming={streaming}
            onGenerate={onGenerate}
            onCancel={cancel}
          />
        </div>
        <SessionStrip runs={runs} selectedId={run?.id ?? null} compact={mode === 'edit'} />
      </main>
      {/* What the canvas shows: in Edit mode the newest edit, not the generation selected meanwhile. The
          conversation takes the inspector's place: each turn carries its own details. */}
      <Suspense fallback={<div className="w-64 shrink-0 border-l border-line bg-panel" />}>
        {conversationOpen ? (
          <ConversationPanel onClose={() => setConversationOpen(false)} />
        ) : (
          <Inspector run={mode === 'edit' ? editRun : run} />
        )}
      </Suspense>
    </div>
  );
}

/**
 * The provider the badge names: the one that answers the draft's model when several sit behind the relay
 * (so a designer sees whose key a run bills), else the relay's only one.
 */
function answeringUpstream(
  config: StudioConfig | undefined,
  modelId: string | null,
): StudioConfig['upstream'] | null {
  if (!config) return null;
  const model = config.models.find((candidate) => candidate.id === (modelId ?? config.defaultModel));
  const provider =
    config.providers.length > 1 && config.providers.find(({ id }) => id === model?.provider.id);
  return provider ? { kind: provider.kind, label: provider.label, host: provider.host } : config.upstream;
}

export function Studio() {
  const studio = useStudio();
  const config = useStudioConfig();
  const draftModel = useStudioState((state) => state.draft.draft.model);
  // Every check before sending reads the relay's models from the studio's store.
  useEffect(() => {
    if (config.data) studio.configure(config.data);
  }, [studio, config.data]);
  const relay = useStudioState((state) => state.relay);
  return (
    <div className="flex h-dvh flex-col bg-canvas text-fg antialiased">
      <TopBar upstream={answeringUpstream(config.data, draftModel)} />
      {relay.config && relay.registry ? (
        // Above the gallery layer, which makes the studio beneath it inert: the viewer opens over either.
        <FullSizeViewer>
          <GalleryLayer
            detailActions={(entry) => <ResultLineageActions entry={entry} />}
            selectionActions={(entries) => <CompareSelected entries={entries} />}
            touchUp={(finalImageId, onClose) => <TouchUpView finalImageId={finalImageId} onClose={onClose} />}
          >
            <Workspace config={relay.config} registry={relay.registry} />
          </GalleryLayer>
        </FullSizeViewer>
      ) : (
        <div className="grid flex-1 place-items-center text-[13px] text-fg-muted">
          {config.error instanceof RelayError && config.error.code === INVALID_ACCESS_TOKEN_CODE ? (
            <Suspense fallback={null}>
              <AccessTokenForm message={config.error.message} onSaved={() => void config.refetch()} />
            </Suspense>
          ) : config.isError ? (
            <div
              role="alert"
              className="max-w-md rounded-lg border border-danger/50 bg-danger/10 px-4 py-3 text-fg"
            >
              The relay did not answer at /api/config: {config.error.message}. Start it with{' '}
              <code className="font-mono">npm start</code> and reload.
            </div>
          ) : (
            <p role="status">Connecting to the relay…</p>
          )}
        </div>
      )}
    </div>
  );
}
