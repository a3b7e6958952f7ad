import type { MaskOperation } from '../../state/mask.ts';
import { maskRasterFor } from '../maskRaster.ts';
import type { Size } from '../viewport.ts';

/**
 * The painted mask at its image's natural size, as a bitmap the inpainting worker can take. The editor's
 * raster already holds the strokes it shows, so this is usually a copy, not a replay.
 */
export function maskSnapshot(operations: readonly MaskOperation[], natural: Size): Promise<ImageBitmap> {
  const raster = maskRasterFor(natural);
  raster.sync(operations);
  return createImageBitmap(raster.canvas);
}
