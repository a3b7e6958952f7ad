import { useEffect, useMemo } from 'react';
import { AccessTokenForm } from './AccessTokenForm.tsx';
import type { ModelRegistry, StudioConfig } from '../../contract/index.ts';
import { checkVariant } from '../../state/edit.ts';
import { latestNotice } from '../../state/noticesSlice.ts';
import { isShown, runStatus } from '../../state/run.ts';
import {
  INVALID_ACCESS_TOKEN_CODE,
  RelayError,
  useStudio,
  useStudioConfig,
  useStudioState,
} from '../../studio/index.ts';
import { BoardNotices, ReferenceBoard } from '../board/ReferenceBoard.tsx';
import { Canvas } from './Canvas.tsx';
import { DraftCaveats } from './DraftCaveats.tsx';
import { useBudgetConfirm } from '../cost/BudgetConfirm.tsx';
import { EditCanvas } from '../edit/EditCanvas.tsx';
import { GalleryLayer } from '../gallery/Gallery.tsx';
import { ModeSwitch } from '../edit/ModeSwitch.tsx';
import { Inspector } from './Inspector.tsx';
import { CompareSelected, ResultLineageActions } from './galleryActions.tsx';
import { ProblemBanner } from './ProblemBanner.tsx';
import { PromptDock } from './PromptDock.tsx';
import { SessionStrip } from './SessionStrip.tsx';
import { SettingsPanel } from './SettingsPanel.tsx';
import { useStudioKeys } from './useStudioKeys.tsx';
import { StorageBanner } from './StorageBanner.tsx';
import { TopBar } from './TopBar.tsx';

function Workspace({ config, registry }: { config: StudioConfig; registry: ModelRegistry }) {
  const studio = useStudio();
  const draftModel = useStudioState((state) => state.draft.draft.model);
  const modelId = draftModel ?? config.defaultModel;
  const model = registry.get(modelId) ?? registry.get(config.defaultModel) ?? config.models[0]!;
  const notice = useStudioState((state) => latestNotice(state.notices.notices, 'draft')?.text ?? null);
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
  const keys = useStudioKeys({ streaming, cancel, generate: onGenerate });

  return (
    <div className="flex min-h-0 min-w-0 flex-1">
      <SettingsPanel config={config} model={model} />
      {budget.dialog}
      {keys.sheet}
      <main className="flex min-w-0 flex-1 flex-col">
        <div className="flex shrink-0 justify-center pt-3">
          <ModeSwitch />
        </div>
        {mode === 'edit' ? (
          <EditCanvas run={editRun} limit={model.maxReferenceImages} keymap={keys.keymap} />
        ) : (
          <Canvas run={run} />
        )}
        <div className="mx-auto flex w-full max-w-3xl shrink-0 flex-col gap-2 px-6 pb-3">
          {mode === 'edit' && (
            <>
              <BoardNotices />
              <ReferenceBoard limit={model.maxReferenceImages} />
            </>
          )}
          <StorageBanner />
          {problem && <ProblemBanner problem={problem} onRetry={onGenerate} />}
          <DraftCaveats notice={notice} refusal={refusal} caveats={caveats} />
          <PromptDock mode={mode} streaming={streaming} onGenerate={onGenerate} onCancel={cancel} />
        </div>
        <SessionStrip runs={runs} selectedId={run?.id ?? null} />
      </main>
      <Inspector run={run} />
    </div>
  );
}

export function Studio() {
  const studio = useStudio();
  const config = useStudioConfig();
  // Every check before sending reads the relay's models from the studio's store.
  useEffect(() => {
    if (config.data) studio.configure(config.data);
  }, [studio, config.data]);
  const relay = useStudioState((state) => state.relay);
  return (
    <div className="flex h-dvh flex-col bg-canvas text-fg antialiased">
      <TopBar upstream={config.data?.upstream ?? null} />
      {relay.config && relay.registry ? (
        <GalleryLayer
          detailActions={(entry) => <ResultLineageActions entry={entry} />}
          selectionActions={(entries) => <CompareSelected entries={entries} />}
        >
          <Workspace config={relay.config} registry={relay.registry} />
        </GalleryLayer>
      ) : (
        <div className="grid flex-1 place-items-center text-[13px] text-fg-muted">
          {config.error instanceof RelayError && config.error.code === INVALID_ACCESS_TOKEN_CODE ? (
            <AccessTokenForm message={config.error.message} onSaved={() => void config.refetch()} />
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
