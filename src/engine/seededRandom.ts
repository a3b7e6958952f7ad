/**
 * A small seeded random source, so one (model, prompt, size, quality, variant index) always paints the
 * same picture. The seed is a SHA-256 of the inputs; the generator is sfc32 (fast, good enough for art).
 */
import { createHash } from 'node:crypto';

export interface SeededRandom {
  /** A float in [0, 1). */
  next(): number;
  /** A float in [min, max). */
  between(min: number, max: number): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  /**
   * An independent source seeded by this one's inputs and `label`, whatever has been drawn so far: a
   * scene gives each layer its own, so drawing more elements in one layer never reshuffles another.
   */
  fork(label: string): SeededRandom;
}

export function createSeededRandom(...parts: readonly (string | number)[]): SeededRandom {
  const digest = createHash('sha256').update(parts.join('\u0000')).digest();
  let a = digest.readUInt32LE(0);
  let b = digest.readUInt32LE(4);
  let c = digest.readUInt32LE(8);
  let d = digest.readUInt32LE(12);
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  // Warm up: the first outputs of sfc32 still echo the seed words.
  for (let i = 0; i < 12; i++) next();
  return {
    next,
    between: (min, max) => min + (max - min) * next(),
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)]!,
    fork: (label) => createSeededRandom(...parts, label),
  };
}
