/**
 * The seeds a run's variants were sent with, as rows of the result's details, each with "Use this seed"
 * to make that picture again (or vary from it). A run sent without a seed shows nothing.
 */
import type { Run } from '../../state/run.ts';
import { useStudio, useStudioState } from '../../studio/index.ts';
import { DetailRow } from '../kit/DetailRow.tsx';

/** One row for a seed every variant shared, else one per seeded image. */
function seedRows(run: Run): { term: string; seed: number }[] {
  const seeded = run.variants.flatMap((variant, index) =>
    variant.seed === null ? [] : [{ index, seed: variant.seed }],
  );
  const [first] = seeded;
  if (!first) return [];
  if (seeded.every(({ seed }) => seed === first.seed)) return [{ term: 'Seed', seed: first.seed }];
  return seeded.map(({ index, seed }) => ({ term: `Image ${index + 1} seed`, seed }));
}

export function ResultSeeds({ run }: { run: Run }) {
  const studio = useStudio();
  const draftSeed = useStudioState((state) => state.draft.draft.seed);
  // The draft's model may take no seed (OpenAI's do not): the draft would keep it unsent, so say so instead.
  const seedlessModel = useStudioState((state) => {
    const { relay, draft } = state;
    const id = draft.draft.model ?? relay.config?.defaultModel ?? null;
    const model = id === null ? undefined : relay.registry?.get(id);
    return model && !model.supportsSeed ? model.label : null;
  });
  const rows = seedRows(run);
  return rows.map(({ term, seed }) => (
    <DetailRow key={term} term={term}>
      <span className="inline-flex flex-wrap items-baseline justify-end gap-x-2">
        <span>{seed}</span>
        {seedlessModel !== null ? (
          <span className="text-[11px] text-fg-faint">{seedlessModel} takes no seed</span>
        ) : draftSeed === seed ? (
          <span className="text-[11px] text-fg-faint">In use</span>
        ) : (
          <button
            type="button"
            title={`Put seed ${seed} in the draft`}
            aria-label={rows.length > 1 ? `Use seed ${seed}` : undefined}
            onClick={() => studio.updateDraft({ seed })}
            className="rounded text-[11px] font-medium text-accent hover:underline focus-visible:ring-2 focus-visible:ring-accent/70 focus-visible:outline-none"
          >
            Use this seed
          </button>
        )}
      </span>
    </DetailRow>
  ));
}
