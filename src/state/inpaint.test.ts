import { describe, expect, it } from 'vitest';
import { DEFAULT_INPAINT_SETTINGS, storedInpaintSettings } from './inpaint.ts';

describe('storedInpaintSettings', () => {
  it('turns the colour match off for settings saved before it existed, keeping the rest', () => {
    const saved = { composite: true, growPx: 4, featherPx: 10, region: 'always', regionPaddingPx: 200 };
    expect(storedInpaintSettings(saved)).toEqual({ ...saved, colourMatch: false });
  });

  it('keeps the colour match as saved, and falls back to off for another shape', () => {
    expect(storedInpaintSettings({ colourMatch: true }).colourMatch).toBe(true);
    expect(storedInpaintSettings({ colourMatch: 'yes' }).colourMatch).toBe(false);
    expect(DEFAULT_INPAINT_SETTINGS.colourMatch).toBe(false);
  });

  it('gives the defaults for nothing saved', () => {
    expect(storedInpaintSettings(undefined)).toEqual(DEFAULT_INPAINT_SETTINGS);
  });
});
