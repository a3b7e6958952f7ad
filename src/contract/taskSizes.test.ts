import { describe, expect, it } from 'vitest';
import { GPT_IMAGE_1_SIZE_RULE, GPT_IMAGE_2_SIZE_RULE, formatSize, sizeViolation } from './sizes.ts';
import { sizeOfTaskPair, taskPairsOf, taskSizeFor } from './taskSizes.ts';

const pair = (rule: typeof GPT_IMAGE_2_SIZE_RULE | typeof GPT_IMAGE_1_SIZE_RULE, size: string) => {
  const mapped = taskSizeFor(rule, size);
  return [mapped.aspectRatio, mapped.resolution, mapped.size && formatSize(mapped.size), mapped.exact];
};

describe('taskSizeFor on gpt-image-2', () => {
  it.each([
    ['1024x1024', '1:1', '1k', '1024x1024', true],
    ['2048x2048', '1:1', '2k', '2048x2048', true],
    ['1088x608', '16:9', '1k', '1088x608', true],
    ['3840x2160', '16:9', '4k', '3840x2160', true],
    ['2160x3840', '9:16', '4k', '2160x3840', true],
    ['2048x880', '21:9', '2k', '2048x880', true],
    // Not a pair's size: the nearest ratio, then the nearest pixel count among its tiers.
    ['1536x1024', '3:2', '2k', '2048x1360', false],
    ['1280x720', '16:9', '1k', '1088x608', false],
    ['2560x1440', '16:9', '2k', '2048x1152', false],
    ['1008x1024', '1:1', '1k', '1024x1024', false],
    ['3072x1024', '21:9', '2k', '2048x880', false],
  ] as const)('%s asks for %s at %s (%s, exact: %s)', (size, ratio, resolution, made, exact) => {
    expect(pair(GPT_IMAGE_2_SIZE_RULE, size)).toEqual([ratio, resolution, made, exact]);
  });

  it("leaves 'auto' to the gateway", () => {
    expect(taskSizeFor(GPT_IMAGE_2_SIZE_RULE, 'auto')).toEqual({
      aspectRatio: 'auto',
      resolution: null,
      size: null,
      exact: false,
    });
  });

  it('maps every pair the model has back to itself: the table and its inverse agree', () => {
    const pairs = taskPairsOf(GPT_IMAGE_2_SIZE_RULE);
    // 13 ratios at 1k and 2k, and the six wide or tall ones at 4k, as the gateway lists them.
    expect(pairs).toHaveLength(13 + 13 + 6);
    for (const { aspectRatio, resolution, size } of pairs) {
      expect(sizeViolation(GPT_IMAGE_2_SIZE_RULE, formatSize(size))).toBeNull();
      expect(taskSizeFor(GPT_IMAGE_2_SIZE_RULE, formatSize(size))).toMatchObject({
        aspectRatio,
        resolution,
        exact: true,
      });
    }
  });
});

describe('task sizes of a model with fixed sizes', () => {
  it('has the three pairs the gateway lists for older models, each one of its sizes', () => {
    expect(
      taskPairsOf(GPT_IMAGE_1_SIZE_RULE).map((entry) => [
        entry.aspectRatio,
        entry.resolution,
        formatSize(entry.size),
      ]),
    ).toEqual([
      ['1:1', '1k', '1024x1024'],
      ['3:2', '1k', '1536x1024'],
      ['2:3', '1k', '1024x1536'],
    ]);
  });

  it('finds no pair the model lacks', () => {
    expect(sizeOfTaskPair(GPT_IMAGE_1_SIZE_RULE, '16:9', '1k')).toBeNull();
    expect(sizeOfTaskPair(GPT_IMAGE_1_SIZE_RULE, '1:1', '2k')).toBeNull();
    expect(sizeOfTaskPair(GPT_IMAGE_2_SIZE_RULE, '1:1', '4k')).toBeNull();
  });

  it.each([
    ['1536x1024', '3:2', '1k', true],
    ['1024x1536', '2:3', '1k', true],
    ['1024x1024', '1:1', '1k', true],
  ] as const)('%s asks for %s at %s', (size, ratio, resolution, exact) => {
    expect(taskSizeFor(GPT_IMAGE_1_SIZE_RULE, size)).toMatchObject({
      aspectRatio: ratio,
      resolution,
      exact,
    });
  });
});
