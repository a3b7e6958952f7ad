import { describe, expect, it } from 'vitest';
import {
  createModelRegistry,
  validateGenerationBody,
  type CompletedImageEvent,
  type PartialImageEvent,
} from '../../contract/index.ts';
import { applyImageEvent, cancelVariant, startRun, type Run } from '../../state/run.ts';
import { fullSizeImagesOfRuns } from './fullSize.tsx';

const fields = {
  b64_json: 'AA==',
  created_at: 1,
  size: '1024x1024',
  quality: 'low',
  background: 'opaque',
  output_format: 'png',
} as const;
const partial: PartialImageEvent = {
  ...fields,
  type: 'image_generation.partial_image',
  partial_image_index: 0,
};
const completed: CompletedImageEvent = {
  ...fields,
  type: 'image_generation.completed',
  usage: {
    input_tokens: 1,
    input_tokens_details: { text_tokens: 1, image_tokens: 0 },
    output_tokens: 1,
    total_tokens: 2,
  },
};

function run(id: string, prompt: string, variantCount: number): Run {
  const checked = validateGenerationBody(
    { prompt, model: 'gpt-image-2', n: variantCount },
    createModelRegistry(),
  );
  if (!checked.ok) throw new Error(checked.error.body.error.message);
  const ids = Array.from({ length: variantCount }, (_, index) => `${id}-v${index}`);
  return startRun(id, checked.value, ids, 0);
}

const image = (id: string) => ({ id, url: `blob:${id}`, format: 'png', size: '1024x1024' }) as const;

describe('the images the viewer steps through', () => {
  it('go run by run in the order given, each run variant by variant', () => {
    let newer = run('newer', 'A harbour', 3);
    newer = applyImageEvent(newer, 'newer-v2', completed, image('n2'));
    newer = applyImageEvent(newer, 'newer-v0', completed, image('n0'));
    let older = run('older', 'An orchard', 1);
    older = applyImageEvent(older, 'older-v0', completed, image('o0'));
    const images = fullSizeImagesOfRuns([newer, older]);
    // The variant still waiting for its first image is left out.
    expect(images.map((shown) => shown.id)).toEqual(['n0', 'n2', 'o0']);
    expect(images.map((shown) => shown.caption)).toEqual([
      'A harbour (image 1 of 3)',
      'A harbour (image 3 of 3)',
      'An orchard',
    ]);
    expect(images[0]!.source).toEqual({ url: 'blob:n0' });
  });

  it('show a variant cut short by its last partial, and say so', () => {
    let cancelled = run('cancelled', 'A lighthouse', 1);
    cancelled = applyImageEvent(cancelled, 'cancelled-v0', partial, image('p1'));
    cancelled = cancelVariant(cancelled, 'cancelled-v0', 1);
    const [shown] = fullSizeImagesOfRuns([cancelled]);
    expect(shown).toMatchObject({ id: 'p1', caption: 'A lighthouse (last partial)' });
    expect(shown!.alt).toMatch(/^Partial: A lighthouse/);
  });
});
