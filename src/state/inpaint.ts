/**
 * How a masked edit is sent and pasted back, as the designer set it. Pasting back (compositing) keeps every
 * pixel outside the mask and its feather exactly as the source has it; a region edit sends only a padded
 * crop around the mask, which on a large photo is cheaper and sharper than the whole image scaled down.
 */
// zod/mini as in contract/requests.ts: stored settings are read before the first paint, and no message is shown.
import { z } from 'zod/mini';

/** `auto`: a region edit when the source is larger than one output and the region is at most half of it. */
export type RegionChoice = 'auto' | 'always' | 'never';

export const REGION_CHOICES: readonly RegionChoice[] = ['auto', 'always', 'never'];

export interface InpaintSettings {
  /** Paste the model's pixels onto the source through the mask; off keeps the model's output as it is. */
  composite: boolean;
  /** How far the edited area grows (negative: shrinks) before it is feathered, in source pixels. */
  growPx: number;
  /** How wide the band is over which the model's pixels fade into the source's, in source pixels. */
  featherPx: number;
  region: RegionChoice;
  /** Context around the mask a region edit sends, in source pixels; null: a share of the mask's size. */
  regionPaddingPx: number | null;
  /**
   * Correct the model's pixels inside the pasted area so their colour agrees with the source around the
   * mask (editor/inpaint/colourMatch.ts); only while pasting back. Off by default: it changes what the model made.
   */
  colourMatch: boolean;
}

export const INPAINT_LIMITS = {
  growPx: { min: -64, max: 64 },
  featherPx: { min: 0, max: 64 },
  regionPaddingPx: { min: 0, max: 1024 },
} as const;

export const DEFAULT_INPAINT_SETTINGS: InpaintSettings = {
  composite: true,
  growPx: 2,
  featherPx: 6,
  region: 'auto',
  regionPaddingPx: null,
  colourMatch: false,
};

const clampTo = (limits: { min: number; max: number }) => (value: number) =>
  Math.round(Math.min(limits.max, Math.max(limits.min, value)));

export const clampGrow = clampTo(INPAINT_LIMITS.growPx);
export const clampFeather = clampTo(INPAINT_LIMITS.featherPx);
export const clampRegionPadding = clampTo(INPAINT_LIMITS.regionPaddingPx);

const StoredSettings = z.object({
  composite: z.catch(z.boolean(), DEFAULT_INPAINT_SETTINGS.composite),
  growPx: z.catch(z.pipe(z.number(), z.transform(clampGrow)), DEFAULT_INPAINT_SETTINGS.growPx),
  featherPx: z.catch(z.pipe(z.number(), z.transform(clampFeather)), DEFAULT_INPAINT_SETTINGS.featherPx),
  region: z.catch(z.enum(REGION_CHOICES), DEFAULT_INPAINT_SETTINGS.region),
  regionPaddingPx: z.catch(z.nullable(z.pipe(z.number(), z.transform(clampRegionPadding))), null),
  colourMatch: z.catch(z.boolean(), DEFAULT_INPAINT_SETTINGS.colourMatch),
});

/** Settings as an earlier visit saved them: a field in another shape falls back to its default. */
export function storedInpaintSettings(stored: unknown): InpaintSettings {
  if (typeof stored !== 'object' || stored === null) return DEFAULT_INPAINT_SETTINGS;
  return StoredSettings.parse({ ...DEFAULT_INPAINT_SETTINGS, ...stored });
}
