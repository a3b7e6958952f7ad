/**
 * Pixels: drawing a scene stage into raw RGBA at the output size, the reference-image tiles that edits
 * paint into their new content, and encoding to the requested raster format.
 */
import sharp, { type OverlayOptions } from 'sharp';
import type { RASTER_FORMATS } from '../contract/index.ts';
import { openInput } from './inputError.ts';
import { sceneToSvg, type Scene } from './scene.ts';
import type { SeededRandom } from './seededRandom.ts';

/** Raw 8-bit RGBA pixels. */
export interface RawImage {
  data: Buffer;
  width: number;
  height: number;
}

export const RGBA = 4;

/** How refined one stage of an image is: drawn at `scale` of the output size with a share of the layers. */
export interface RenderStage {
  scale: number;
  layerFraction: number;
}

export const FINAL_STAGE: RenderStage = { scale: 1, layerFraction: 1 };

/** How many of the scene's layers a stage draws: at least the first, all of them at the final stage. */
export function stageLayerCount(scene: Scene, stage: RenderStage): number {
  return stage.layerFraction >= 1
    ? scene.layers.length
    : Math.max(1, Math.ceil(scene.layers.length * stage.layerFraction));
}

/**
 * The stages a streamed image goes through: `partials` partial stages, each sharper and fuller than the
 * last (from about 1/30 of the resolution with under half the layers to about 1/5 with most), then the final.
 */
export function planStages(partials: number): RenderStage[] {
  const stages: RenderStage[] = [];
  for (let index = 0; index < partials; index++) {
    const progress = (index + 1) / (partials + 1);
    stages.push({ scale: 2 ** -(6 - 4.5 * progress), layerFraction: 0.3 + 0.7 * progress });
  }
  return [...stages, FINAL_STAGE];
}

interface TilePlacement {
  tile: number;
  left: number;
  top: number;
}

/** Copies of the edit's reference images laid out on a checkerboard, so they show through the new content. */
export class ReferenceTiles {
  private constructor(
    private readonly tiles: readonly RawImage[],
    private readonly cell: number,
    private readonly width: number,
    private readonly height: number,
    private readonly placements: readonly TilePlacement[],
  ) {}

  /** Decodes the references once per request into rounded square tiles for a `width` x `height` canvas. */
  static async load(
    paths: readonly string[],
    width: number,
    height: number,
    maxInputPixels: number,
  ): Promise<ReferenceTiles | null> {
    if (paths.length === 0) return null;
    const cell = Math.max(8, Math.round(Math.max(width, height) / 3));
    const size = Math.round(cell * 0.8);
    const radius = Math.round(size * 0.12);
    const roundedCorners = Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}"><rect width="${size}" height="${size}" rx="${radius}" fill="#fff"/></svg>`,
    );
    const tiles = await Promise.all(
      paths.map(async (path) => {
        const { data, info } = await openInput(path, maxInputPixels)
          .resize(size, size, { fit: 'cover' })
          .toColourspace('srgb')
          .ensureAlpha()
          .composite([{ input: roundedCorners, blend: 'dest-in' }])
          .raw({ depth: 'uchar' })
          .toBuffer({ resolveWithObject: true });
        return { data, width: info.width, height: info.height };
      }),
    );
    return new ReferenceTiles(tiles, cell, width, height, []);
  }

  /** The same tiles on a checkerboard shifted by `random`, so each of the n images gets its own layout. */
  arrange(random: SeededRandom): ReferenceTiles {
    const { cell, width, height, tiles } = this;
    const offsetX = random.int(0, cell - 1) - cell;
    const offsetY = random.int(0, cell - 1) - cell;
    const inset = Math.round((cell - tiles[0]!.width) / 2);
    const placements: TilePlacement[] = [];
    for (let row = 0; offsetY + row * cell < height; row++) {
      for (let column = 0; offsetX + column * cell < width; column++) {
        if ((row + column) % 2 !== 0) continue;
        placements.push({
          tile: (row * 7 + column) % tiles.length,
          left: offsetX + column * cell + inset,
          top: offsetY + row * cell + inset,
        });
      }
    }
    return new ReferenceTiles(tiles, cell, width, height, placements);
  }

  /** Overlays for sharp's composite on a canvas of `width` x `height`, `scale` of the output size. */
  async overlaysAt(scale: number, width: number, height: number): Promise<OverlayOptions[]> {
    const scaled = await Promise.all(
      this.tiles.map(async (tile) => {
        if (scale === 1) return tile;
        const size = Math.max(1, Math.round(tile.width * scale));
        const data = await sharp(tile.data, {
          raw: { width: tile.width, height: tile.height, channels: RGBA },
        })
          .resize(size, size, { fit: 'fill' })
          .raw()
          .toBuffer();
        return { data, width: size, height: size };
      }),
    );
    const overlays: OverlayOptions[] = [];
    for (const placement of this.placements) {
      const tile = scaled[placement.tile]!;
      let left = Math.round(placement.left * scale);
      let top = Math.round(placement.top * scale);
      // sharp refuses overlays that stick out of the canvas, so cut edge tiles down to the visible part.
      const cropLeft = Math.max(0, -left);
      const cropTop = Math.max(0, -top);
      const visibleWidth = Math.min(tile.width - cropLeft, width - left - cropLeft);
      const visibleHeight = Math.min(tile.height - cropTop, height - top - cropTop);
      if (visibleWidth <= 0 || visibleHeight <= 0) continue;
      left += cropLeft;
      top += cropTop;
      const input =
        cropLeft === 0 && cropTop === 0 && visibleWidth === tile.width && visibleHeight === tile.height
          ? tile.data
          : await sharp(tile.data, { raw: { width: tile.width, height: tile.height, channels: RGBA } })
              .extract({ left: cropLeft, top: cropTop, width: visibleWidth, height: visibleHeight })
              .raw()
              .toBuffer();
      overlays.push({
        input,
        raw: { width: visibleWidth, height: visibleHeight, channels: RGBA },
        left,
        top,
      });
    }
    return overlays;
  }
}

/**
 * Draws one stage of the scene (and the reference tiles), `phase` (0..1) of the way through its animation
 * loop, and brings it to the output size.
 */
export async function renderStage(
  scene: Scene,
  stage: RenderStage,
  tiles: ReferenceTiles | null,
  phase = 0,
): Promise<RawImage> {
  const { width, height } = scene;
  const drawWidth = Math.max(8, Math.round(width * stage.scale));
  const drawHeight = Math.max(8, Math.round(height * stage.scale));
  const svg = sceneToSvg(scene, drawWidth, drawHeight, stageLayerCount(scene, stage), phase);
  let drawing = sharp(Buffer.from(svg));
  if (tiles) drawing = drawing.composite(await tiles.overlaysAt(drawWidth / width, drawWidth, drawHeight));
  const drawn = await drawing.ensureAlpha().raw().toBuffer();
  if (drawWidth === width && drawHeight === height) return { data: drawn, width, height };
  // Upscaling the small drawing is what makes a partial look like an early, soft pass of the final.
  const data = await sharp(drawn, { raw: { width: drawWidth, height: drawHeight, channels: RGBA } })
    .resize(width, height, { fit: 'fill', kernel: 'cubic' })
    .raw()
    .toBuffer();
  return { data, width, height };
}

const PNG_COMPRESSION_LEVEL = 6;
/** libwebp's default effort (4) takes seconds at 4K; 2 is noticeably faster for slightly larger files. */
const WEBP_EFFORT = 2;

/**
 * Encodes to the requested format. `compression` is the API's output_compression (0-100), used as the
 * JPEG/WebP quality; opaque output drops the alpha channel without touching the colour channels.
 */
export async function encodeImage(
  image: RawImage,
  format: (typeof RASTER_FORMATS)[number],
  compression: number,
  transparent: boolean,
): Promise<Buffer> {
  let pipeline = sharp(image.data, { raw: { width: image.width, height: image.height, channels: RGBA } });
  if (!transparent) pipeline = pipeline.removeAlpha();
  const quality = Math.max(1, Math.min(100, compression));
  switch (format) {
    case 'png':
      return pipeline.png({ compressionLevel: PNG_COMPRESSION_LEVEL }).toBuffer();
    case 'jpeg':
      return pipeline.jpeg({ quality }).toBuffer();
    case 'webp':
      return pipeline.webp({ quality, effort: WEBP_EFFORT }).toBuffer();
  }
}
