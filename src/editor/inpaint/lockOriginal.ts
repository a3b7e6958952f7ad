import type { PixelBox } from '../../state/mask.ts';
import type { Size } from '../viewport.ts';

/**
 * Locks the original of an outpaint: its pixels get weight 0 (the composite keeps them exactly), and the
 * model's pixels fade in over `featherPx` outside it, so the seam between kept and new pixels is blended
 * in the new area rather than cut. `weights` (compositeMath.ts's edit weights) is changed in place.
 */
export function lockOriginal(
  weights: Uint8Array,
  size: Size,
  original: PixelBox,
  featherPx: number,
): Uint8Array {
  const right = original.left + original.width;
  const bottom = original.top + original.height;
  const reach = Math.max(0, Math.ceil(featherPx));
  const top = Math.max(0, original.top - reach);
  const end = Math.min(size.height, bottom + reach);
  const left = Math.max(0, original.left - reach);
  const last = Math.min(size.width, right + reach);
  for (let y = top; y < end; y++) {
    const dy = y < original.top ? original.top - y : y >= bottom ? y - bottom + 1 : 0;
    const row = y * size.width;
    for (let x = left; x < last; x++) {
      const dx = x < original.left ? original.left - x : x >= right ? x - right + 1 : 0;
      const index = row + x;
      if (dx === 0 && dy === 0) {
        weights[index] = 0;
        continue;
      }
      const distance = Math.hypot(dx, dy);
      if (distance >= featherPx) continue;
      // The same smoothstep profile as the feather around a mask.
      const t = distance / featherPx;
      const ramp = Math.round(255 * t * t * (3 - 2 * t));
      if (ramp < weights[index]!) weights[index] = ramp;
    }
  }
  return weights;
}
