import { paintBounds, type MaskOperation, type PixelBox } from '../../state/mask.ts';
import { maskRasterFor } from '../maskRaster.ts';
import type { Size } from '../viewport.ts';

/** Rows read at a time, so the search stops soon after the first marked pixel. */
const SCAN_BAND_ROWS = 128;

/** True when a pixel of `box` is marked for editing (alpha below 255): strokes may all have been erased. */
function marksIn(context: CanvasRenderingContext2D, box: PixelBox): boolean {
  for (let top = box.top; top < box.top + box.height; top += SCAN_BAND_ROWS) {
    const rows = Math.min(SCAN_BAND_ROWS, box.top + box.height - top);
    const band = context.getImageData(box.left, top, box.width, rows).data;
    for (let index = 3; index < band.length; index += 4) if (band[index]! < 255) return true;
  }
  return false;
}

/**
 * The painted mask at its image's natural size, as a bitmap the inpainting worker can take, or null when
 * nothing is marked. The editor's raster already holds the strokes it shows, so this is usually a copy, not
 * a replay; only the painted bounds are searched for a marked pixel (nothing outside them can be marked).
 */
export async function maskSnapshot(
  operations: readonly MaskOperation[],
  natural: Size,
): Promise<ImageBitmap | null> {
  const bounds = paintBounds(operations, natural);
  if (!bounds) return null;
  const raster = maskRasterFor(natural);
  raster.sync(operations);
  return marksIn(raster.context, bounds) ? createImageBitmap(raster.canvas) : null;
}
