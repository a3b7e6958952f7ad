import { describe, expect, it } from 'vitest';
import { catalogueModel } from '../contract/index.ts';
import {
  comparePair,
  isResult,
  parameterDiff,
  promptDiff,
  sourceImageIdOf,
  sourceOfEdit,
} from './compare.ts';
import { fixtureEdit, fixtureEntry } from './galleryFixtures.ts';

describe('isResult', () => {
  it('tells a stored result from a bare stored image', () => {
    expect(isResult(fixtureEntry('g'))).toBe(true);
    expect(isResult({ imageId: 'img-1' })).toBe(false);
  });
});

describe('sourceImageIdOf', () => {
  it.each([
    ['a generation has none', fixtureEntry('g'), null],
    ['an edit of a result starts from it', fixtureEdit('e', 'g'), 'g-final'],
    [
      'an edit of an upload starts from the first image it sent',
      fixtureEntry('e', { kind: 'edit', inputImageIds: ['upload', 'ref'] }),
      'upload',
    ],
    [
      'the parent wins over the board order',
      fixtureEntry('e', { kind: 'edit', parentImageId: 'p', inputImageIds: ['other'] }),
      'p',
    ],
  ])('%s', (_, entry, expected) => {
    expect(sourceImageIdOf(entry.variant)).toBe(expected);
  });
});

describe('sourceOfEdit', () => {
  const parent = fixtureEntry('p');
  const cut = fixtureEntry('cut', { images: 'partial' });

  it('is the gallery entry that made the source, final or last partial', () => {
    expect(sourceOfEdit(fixtureEdit('e', 'p'), [parent, cut])).toBe(parent);
    const fromPartial = fixtureEntry('e', { kind: 'edit', parentImageId: 'cut-partial' });
    expect(sourceOfEdit(fromPartial, [parent, cut])).toBe(cut);
  });

  it('is the bare image when no result made it (an upload, or a deleted parent)', () => {
    const source = sourceOfEdit(fixtureEntry('e', { kind: 'edit', inputImageIds: ['upload'] }), [parent]);
    expect(source).toEqual({ imageId: 'upload' });
    expect(isResult(source!)).toBe(false);
    expect(sourceOfEdit(fixtureEdit('e', 'gone'), [parent])).toEqual({ imageId: 'gone-final' });
  });

  it('is null for a generation', () => {
    expect(sourceOfEdit(parent, [parent])).toBeNull();
  });
});

describe('comparePair', () => {
  const source = fixtureEntry('s', { startedAt: 5 });
  const edit = fixtureEdit('e', 's', { startedAt: 9 });

  it('puts an edit after its source on a slider, whichever was picked first', () => {
    expect(comparePair(edit, source)).toEqual({ left: source, right: edit, mode: 'slider' });
    expect(comparePair(source, edit)).toEqual({ left: source, right: edit, mode: 'slider' });
  });

  it('puts unrelated results side by side, older on the left', () => {
    const later = fixtureEntry('l', { startedAt: 7 });
    expect(comparePair(later, source)).toEqual({ left: source, right: later, mode: 'side-by-side' });
  });

  it('orders variants of one request by variant, not by start time', () => {
    const first = fixtureEntry('v0', { runId: 'b', variantIndex: 0, startedAt: 3 });
    const second = fixtureEntry('v1', { runId: 'b', variantIndex: 1, startedAt: 2 });
    expect(comparePair(second, first)).toMatchObject({ left: first, right: second });
  });
});

describe('parameterDiff', () => {
  it('lists only the parameters whose effective values differ, by API name', () => {
    const left = fixtureEntry('l', { request: { quality: 'high', size: '1024x1024' } }).variant;
    const right = fixtureEntry('r', {
      kind: 'edit',
      request: {
        quality: 'low',
        size: '1536x1024',
        model: catalogueModel('gpt-image-2.5-sunburst'),
        inputFidelity: 'high',
      },
    }).variant;
    expect(parameterDiff(left, right)).toEqual([
      { param: 'kind', left: 'generation', right: 'edit' },
      { param: 'model', left: 'gpt-image-2', right: 'gpt-image-2.5-sunburst' },
      { param: 'size', left: '1024x1024', right: '1536x1024' },
      { param: 'quality', left: 'high', right: 'low' },
      { param: 'input_fidelity', left: null, right: 'high' },
    ]);
  });

  it('is empty for two requests that differ only in prompt', () => {
    const left = fixtureEntry('l', { prompt: 'a fox' }).variant;
    const right = fixtureEntry('r', { prompt: 'a wolf' }).variant;
    expect(parameterDiff(left, right)).toEqual([]);
  });
});

describe('promptDiff', () => {
  it('marks the words the right prompt removed and added, keeping the rest', () => {
    const parts = promptDiff('a red fox in the snow', 'a silver fox in the snow at dusk');
    expect(parts.filter((part) => part.change === 'removed').map((part) => part.text.trim())).toEqual([
      'red',
    ]);
    expect(parts.filter((part) => part.change === 'added').map((part) => part.text.trim())).toEqual([
      'silver',
      'at dusk',
    ]);
    // jsdiff keeps words exactly and places whitespace as best it can, so spacing is compared loosely.
    const words = (change: 'added' | 'removed') =>
      parts
        .filter((part) => part.change !== change)
        .map((part) => part.text)
        .join('')
        .split(/\s+/)
        .filter(Boolean);
    expect(words('added')).toEqual('a red fox in the snow'.split(' '));
    expect(words('removed')).toEqual('a silver fox in the snow at dusk'.split(' '));
  });

  it('is one unchanged part for equal prompts', () => {
    expect(promptDiff('same words', 'same words')).toEqual([{ text: 'same words', change: 'same' }]);
  });
});
