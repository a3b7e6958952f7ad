import { describe, expect, it } from 'vitest';
import { formatSseFrame } from '../../contract/index.ts';
import { SseWatch } from './sseWatch.ts';

function watchOf(...chunks: string[]): SseWatch {
  const watch = new SseWatch();
  for (const chunk of chunks) watch.observe(Buffer.from(chunk));
  return watch;
}

const partial = formatSseFrame('image_generation.partial_image', {
  type: 'image_generation.partial_image',
  b64_json: 'QUJD',
});
const completed = formatSseFrame('image_edit.completed', { type: 'image_edit.completed', b64_json: 'QUJD' });

describe('SseWatch', () => {
  it('is at a frame boundary before any byte and after each blank line, in every line-ending style', () => {
    expect(watchOf().atFrameBoundary).toBe(true);
    expect(watchOf(partial).atFrameBoundary).toBe(true);
    expect(watchOf('data: {}\r\n\r\n').atFrameBoundary).toBe(true);
    expect(watchOf('data: {}\r\r').atFrameBoundary).toBe(true);
  });

  it('is inside a frame after a torn line or a single line ending, also when the blank line is split', () => {
    expect(watchOf(partial.slice(0, 40)).atFrameBoundary).toBe(false);
    expect(watchOf('data: {}\n').atFrameBoundary).toBe(false);
    expect(watchOf('data: {}\r\n\r').atFrameBoundary).toBe(false);
    expect(watchOf('data: {}\n', '\n').atFrameBoundary).toBe(true);
    expect(watchOf('data: {}\r\n\r', '\n').atFrameBoundary).toBe(true);
    expect(watchOf(partial, 'data: {}\r', '\n', '\r', '\n').atFrameBoundary).toBe(true);
    expect(watchOf(partial, 'data: {}', '\n', '\r').atFrameBoundary).toBe(false);
  });

  it('notices a completed event, even split across chunks at any byte, and not a partial one', () => {
    expect(watchOf(partial, partial).sawCompletedImage).toBe(false);
    expect(watchOf(partial, completed).sawCompletedImage).toBe(true);
    expect(watchOf(`data: {"type":"image_generation.completed"}\n\n`).sawCompletedImage).toBe(true);
    for (let cut = 1; cut < completed.length; cut += 1) {
      expect(watchOf(completed.slice(0, cut), completed.slice(cut)).sawCompletedImage).toBe(true);
    }
    const byteByByte = watchOf(...completed.split(''));
    expect(byteByByte.sawCompletedImage).toBe(true);
    expect(byteByByte.atFrameBoundary).toBe(true);
  });

  it('finds the completed event after other dots in the same chunk, and ignores dots in other words', () => {
    const partial = formatSseFrame('image_generation.partial_image', {
      type: 'image_generation.partial_image',
      b64_json: 'QUJD',
    });
    const noise = formatSseFrame('note', { text: 'v1.2 generation.complete but not done' });
    const completed = formatSseFrame('image_generation.completed', {
      type: 'image_generation.completed',
      b64_json: 'QUJD',
    });
    const onlyOthers = new SseWatch();
    onlyOthers.observe(Buffer.from(partial + noise));
    expect(onlyOthers.sawCompletedImage).toBe(false);
    const all = new SseWatch();
    all.observe(Buffer.from(partial + noise + completed));
    expect(all.sawCompletedImage).toBe(true);
  });
});
