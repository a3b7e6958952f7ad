/**
 * The seed, for models whose provider takes one (`supportsSeed`): empty asks for a random image, a number
 * makes the same picture again with the same settings; with several variants, whether they share it or
 * count up from it.
 */
import { useId, useState } from 'react';
import { MAX_SEED, whyUnavailable, type ModelCapabilities, type OptionFields } from '../../contract/index.ts';
import { randomSeed, variantSeed, type VariantSeeds } from '../../state/draft.ts';
import { DiceIcon } from '../kit/icons.tsx';
import { FieldShell, SegmentedField, controlClass } from '../kit/form.tsx';
import type { ChoiceOption } from '../kit/Segmented.tsx';
import { useDraftField, useFieldProblem } from './draftFields.ts';

const VARIANT_SEED_OPTIONS: readonly ChoiceOption<VariantSeeds>[] = [
  { value: 'vary', label: 'Vary seed', hint: 'Image 1 gets the seed, image 2 the seed + 1, and so on.' },
  { value: 'same', label: 'Same seed', hint: 'Every image gets the seed: set apart only by the model.' },
];

export function SeedField({ model, fields }: { model: ModelCapabilities; fields: OptionFields }) {
  const [seed, setSeed] = useDraftField('seed');
  const [variantSeeds, setVariantSeeds] = useDraftField('variant_seeds');
  const [n] = useDraftField('n');
  const id = useId();
  const problem = useFieldProblem('seed');
  // What the designer is typing while it is not a seed the studio would send (the draft keeps the last one
  // that was); null shows the draft's own. Leaving the field puts the draft's back, so what is shown is sent.
  const [typing, setTyping] = useState<{ text: string; reason: string } | null>(null);
  const shownProblem = typing?.reason ?? problem;

  const onText = (text: string) => {
    if (text.trim() === '') {
      setTyping(null);
      setSeed(null);
      return;
    }
    const value = Number(text);
    const reason = whyUnavailable(model, fields, 'seed', value);
    if (reason === null) {
      setTyping(null);
      setSeed(value);
    } else setTyping({ text, reason });
  };

  return (
    <>
      <FieldShell
        label="Seed"
        htmlFor={id}
        problem={shownProblem}
        problemId={`${id}-problem`}
        note={
          <p id={`${id}-note`} className="text-[11px] leading-snug text-fg-faint">
            {seed === null
              ? 'Empty: each image is random. A seed makes the same image again with the same settings.'
              : 'The same seed, prompt and settings make the same image again.'}
          </p>
        }
      >
        <div className="flex gap-1.5">
          <input
            id={id}
            type="number"
            inputMode="numeric"
            min={0}
            max={MAX_SEED}
            step={1}
            placeholder="Random"
            value={typing?.text ?? (seed === null ? '' : String(seed))}
            aria-invalid={shownProblem ? true : undefined}
            aria-describedby={shownProblem ? `${id}-problem` : `${id}-note`}
            onChange={(event) => onText(event.target.value)}
            onBlur={() => setTyping(null)}
            className={`${controlClass(shownProblem !== null)} min-w-0 flex-1 tabular-nums`}
          />
          <button
            type="button"
            aria-label="Random seed"
            title="Pick a random seed"
            onClick={() => {
              setTyping(null);
              setSeed(randomSeed());
            }}
            className="grid w-8 shrink-0 place-items-center rounded-md border border-line bg-raised text-fg-muted transition hover:border-line-strong hover:bg-active hover:text-fg focus-visible:ring-2 focus-visible:ring-accent/70 focus-visible:outline-none"
          >
            <DiceIcon />
          </button>
        </div>
      </FieldShell>
      {n > 1 && seed !== null && (
        <SegmentedField
          label="Variant seeds"
          problem={null}
          value={variantSeeds}
          options={VARIANT_SEED_OPTIONS}
          onChange={setVariantSeeds}
          note={
            <p className="text-[11px] leading-snug text-fg-faint">
              {variantSeeds === 'vary'
                ? `Each image counts up from the seed: ${seed} to ${variantSeed(seed, 'vary', n - 1)}.`
                : `All ${n} images are sent with seed ${seed}.`}
            </p>
          }
        />
      )}
    </>
  );
}
