import { describe, expect, it } from 'vitest';
import { fixtureEdit, fixtureEntry } from './galleryFixtures.ts';
import { ancestry, buildLineage, visibleRows, type LineageBatch } from './lineage.ts';

const ids = (batches: readonly LineageBatch[]) => batches.map((batch) => batch.nodes.map((node) => node.id));

describe('buildLineage', () => {
  it('hangs an edit under the variant whose final it changed, with the mask and references it carried', () => {
    const forest = buildLineage([
      fixtureEntry('a', { startedAt: 1 }),
      fixtureEdit('b', 'a', { startedAt: 2, inputImageIds: ['a-final', 'upload-1', 'upload-2'] }),
    ]);
    expect(ids(forest.roots)).toEqual([['a']]);
    const a = forest.nodes.get('a')!;
    expect(ids(a.children)).toEqual([['b']]);
    expect(a.edge).toBeNull();
    const b = forest.nodes.get('b')!;
    expect(b.parentId).toBe('a');
    expect(b.parentDeleted).toBe(false);
    expect(b.edge).toEqual({
      sourceImageId: 'a-final',
      maskImageId: 'b-mask',
      referenceImageIds: ['upload-1', 'upload-2'],
    });
  });

  it('groups the variants of one request as siblings in variant order, batches oldest first', () => {
    const forest = buildLineage([
      fixtureEntry('root', { startedAt: 1 }),
      fixtureEdit('late', 'root', { startedAt: 9 }),
      fixtureEdit('v2', 'root', { runId: 'edit-batch', variantIndex: 1, variantCount: 2, startedAt: 5 }),
      fixtureEdit('v1', 'root', { runId: 'edit-batch', variantIndex: 0, variantCount: 2, startedAt: 6 }),
    ]);
    const root = forest.nodes.get('root')!;
    expect(root.children.map((batch) => batch.runId)).toEqual(['edit-batch', 'batch-late']);
    expect(ids(root.children)).toEqual([['v1', 'v2'], ['late']]);
  });

  it('groups root variants by batch too', () => {
    const forest = buildLineage([
      fixtureEntry('solo', { startedAt: 3 }),
      fixtureEntry('x1', { runId: 'gen', variantIndex: 1, variantCount: 2, startedAt: 1 }),
      fixtureEntry('x0', { runId: 'gen', variantIndex: 0, variantCount: 2, startedAt: 1 }),
    ]);
    expect(ids(forest.roots)).toEqual([['x0', 'x1'], ['solo']]);
  });

  it('stands an interrupted variant for its last partial, and finds edits made from that partial', () => {
    const forest = buildLineage([
      fixtureEntry('cut', { images: 'partial' }),
      fixtureEntry('child', { kind: 'edit', parentImageId: 'cut-partial', inputImageIds: ['cut-partial'] }),
    ]);
    expect(forest.nodes.get('cut')!.image?.id).toBe('cut-partial');
    expect(forest.nodes.get('child')!.parentId).toBe('cut');
  });

  it('makes an edit whose parent was deleted a root marked "parent deleted"', () => {
    const forest = buildLineage([fixtureEdit('orphan', 'gone')]);
    expect(ids(forest.roots)).toEqual([['orphan']]);
    const orphan = forest.nodes.get('orphan')!;
    expect(orphan.parentId).toBeNull();
    expect(orphan.parentDeleted).toBe(true);
    expect(orphan.edge?.sourceImageId).toBe('gone-final');
  });

  it('keeps an edit of an uploaded file a root with its source, not marked deleted', () => {
    const forest = buildLineage([
      fixtureEntry('upload-edit', { kind: 'edit', inputImageIds: ['upload'], maskImageId: 'm' }),
    ]);
    const node = forest.nodes.get('upload-edit')!;
    expect(node.parentDeleted).toBe(false);
    expect(node.edge).toEqual({ sourceImageId: 'upload', maskImageId: 'm', referenceImageIds: [] });
  });

  it('breaks a cycle from damaged data at its oldest node, so every node stays reachable', () => {
    const a = fixtureEntry('a', { kind: 'edit', parentImageId: 'b-final', startedAt: 1 });
    const b = fixtureEdit('b', 'a', { startedAt: 2 });
    const forest = buildLineage([b, a]);
    expect(ids(forest.roots)).toEqual([['a']]);
    expect(ancestry(forest, 'b').map((node) => node.id)).toEqual(['a', 'b']);
  });
});

describe('ancestry', () => {
  const forest = buildLineage([
    fixtureEntry('a'),
    fixtureEdit('b', 'a', { maskImageId: 'mask-ab' }),
    fixtureEdit('c', 'b', { maskImageId: 'mask-bc' }),
  ]);

  it('walks from the root down to the node, each step with the mask it carried', () => {
    const path = ancestry(forest, 'c');
    expect(path.map((node) => node.id)).toEqual(['a', 'b', 'c']);
    expect(path.map((node) => node.edge?.maskImageId ?? null)).toEqual([null, 'mask-ab', 'mask-bc']);
  });

  it('is empty for an unknown node', () => {
    expect(ancestry(forest, 'nope')).toEqual([]);
  });
});

describe('visibleRows', () => {
  const forest = buildLineage([
    fixtureEntry('a', { startedAt: 1 }),
    fixtureEdit('b1', 'a', { runId: 'b', variantIndex: 0, variantCount: 2, startedAt: 2 }),
    fixtureEdit('b2', 'a', { runId: 'b', variantIndex: 1, variantCount: 2, startedAt: 2 }),
    fixtureEdit('c', 'b1', { startedAt: 3 }),
    fixtureEntry('z', { startedAt: 4 }),
  ]);

  it('lists the tree in reading order with ARIA levels and places among siblings', () => {
    expect(
      visibleRows(forest, new Set()).map((row) => [
        row.node.id,
        row.level,
        row.position,
        row.siblingCount,
        row.expandable,
      ]),
    ).toEqual([
      ['a', 1, 1, 2, true],
      ['b1', 2, 1, 2, true],
      ['c', 3, 1, 1, false],
      ['b2', 2, 2, 2, false],
      ['z', 1, 2, 2, false],
    ]);
  });

  it('leaves out the descendants of a collapsed node', () => {
    expect(visibleRows(forest, new Set(['a'])).map((row) => row.node.id)).toEqual(['a', 'z']);
  });
});
