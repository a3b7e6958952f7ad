import { describe, expect, it } from 'vitest';
import { abortableDelay, parseOfflineLatency, stageDuration } from './latency.ts';

describe('parseOfflineLatency', () => {
  it.each([
    [undefined, { kind: 'none' }],
    ['', { kind: 'none' }],
    ['none', { kind: 'none' }],
    [' Realistic ', { kind: 'realistic' }],
    ['0', { kind: 'fixed', millisecondsPerStage: 0 }],
    ['750', { kind: 'fixed', millisecondsPerStage: 750 }],
  ])('reads %j', (text, expected) => {
    expect(parseOfflineLatency(text)).toEqual(expected);
  });

  it.each(['fast', '-5', '1.5', '2s', '999999'])('refuses %j with a message naming the setting', (text) => {
    expect(() => parseOfflineLatency(text)).toThrow(
      `Invalid STUDIO_OFFLINE_LATENCY '${text}': expected 'none', 'realistic', or a whole number of milliseconds per stage from 0 to 120000.`,
    );
  });
});

describe('stageDuration', () => {
  it('shares the realistic time per quality between the stages and grows with the pixel count', () => {
    const megapixel = 1024 * 1024;
    expect(stageDuration({ kind: 'realistic' }, 'low', megapixel, 1)).toBe(2_000);
    expect(stageDuration({ kind: 'realistic' }, 'medium', megapixel, 4)).toBe(1_500);
    expect(stageDuration({ kind: 'realistic' }, 'high', megapixel, 1)).toBe(15_000);
    expect(stageDuration({ kind: 'realistic' }, 'high', 4 * megapixel, 1)).toBe(30_000);
    expect(stageDuration({ kind: 'realistic' }, 'xhigh', megapixel, 1)).toBe(25_000);
    expect(stageDuration({ kind: 'realistic' }, 'max', megapixel, 2)).toBe(20_000);
    expect(stageDuration({ kind: 'fixed', millisecondsPerStage: 40 }, 'high', megapixel, 3)).toBe(40);
    expect(stageDuration({ kind: 'none' }, 'high', megapixel, 3)).toBe(0);
  });
});

describe('abortableDelay', () => {
  it('rejects with the abort reason as soon as the signal aborts', async () => {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(new Error('client went away')), 20);
    await expect(abortableDelay(10_000, controller.signal)).rejects.toThrow('client went away');
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('waits the given time otherwise', async () => {
    const started = Date.now();
    await abortableDelay(60, new AbortController().signal);
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
  });
});
