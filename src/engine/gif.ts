/**
 * Animated GIF output (GPT Image 2.6, openai-images-2026-12.md §4.1, §4.3): frames of the scene moving
 * through one loop, each shown for the request's frame duration, looping forever, with GIF's 1-bit
 * transparency when the background is transparent.
 */
import sharp from 'sharp';
import { GIF_RULE, type ImageRequest } from '../contract/index.ts';
import { RGBA, type RawImage } from './raster.ts';

export interface GifTiming {
  frameCount: number;
  frameDurationMs: number;
}

/**
 * The request's frame count and duration, defaults filled in. GIF stores delays in centiseconds, so the
 * API rounds the duration to the nearest 10 ms ([W3C-ref]); the engine does the same.
 */
export function gifTiming(request: ImageRequest): GifTiming {
  const rule = request.model.gif ?? GIF_RULE;
  const frameCount = request.frameCount ?? rule.defaultFrames;
  const durationMs = request.frameDurationMs ?? rule.defaultFrameDurationMs;
  return { frameCount, frameDurationMs: Math.round(durationMs / 10) * 10 };
}

/**
 * sharp refuses delays above 65,535 ms although GIF's 16-bit centisecond field holds up to 655,350 ms,
 * the API's cap; longer frames are written at this delay and then set in the file itself.
 */
const SHARP_MAX_DELAY_MS = 65_530;
const GIF_EFFORT = 1;
const GIF_DITHER = 0.3;

/** Encodes equal-sized RGBA frames as a GIF that loops forever, every frame shown `frameDurationMs`. */
export async function encodeGif(
  frames: readonly RawImage[],
  frameDurationMs: number,
  transparent: boolean,
): Promise<Buffer> {
  const { width, height } = frames[0]!;
  let pipeline = sharp(Buffer.concat(frames.map((frame) => frame.data)), {
    raw: { width, height: height * frames.length, channels: RGBA, pageHeight: height },
  });
  if (!transparent) pipeline = pipeline.removeAlpha();
  const delay = Math.min(frameDurationMs, SHARP_MAX_DELAY_MS);
  const gif = await pipeline
    // One delay per frame: sharp writes a single value for the first frame only. Duplicate frames are
    // kept so the file has exactly the frames asked for (by default cgif merges equal neighbours).
    // Full dithering at the default effort took 4 s for nine 1024² frames; light dithering at the lowest
    // effort takes a third of that and still hides the banding of the sky's gradients.
    .gif({
      delay: frames.map(() => delay),
      loop: 0,
      keepDuplicateFrames: true,
      effort: GIF_EFFORT,
      dither: GIF_DITHER,
    })
    .toBuffer();
  if (delay !== frameDurationMs) setFrameDelays(gif, frameDurationMs / 10);
  return gif;
}

const EXTENSION_INTRODUCER = 0x21;
const GRAPHIC_CONTROL_LABEL = 0xf9;
const IMAGE_SEPARATOR = 0x2c;
const TRAILER = 0x3b;

/** The byte just past a run of data sub-blocks (each a length byte and that many bytes, ended by 0). */
function skipSubBlocks(gif: Buffer, offset: number): number {
  let at = offset;
  while (gif[at] !== 0) at += gif[at]! + 1;
  return at + 1;
}

/** The size in bytes of a colour table whose presence and size a packed field at `packed` gives. */
function colourTableBytes(packed: number): number {
  return packed & 0x80 ? 3 * 2 ** ((packed & 0x07) + 1) : 0;
}

/**
 * Sets the delay of every frame by walking the GIF's blocks (GIF89a spec, §20–§23) to each Graphic
 * Control Extension; scanning for its bytes could hit the same values inside image data.
 */
function setFrameDelays(gif: Buffer, centiseconds: number): void {
  let at = 13 + colourTableBytes(gif[10]!);
  while (at < gif.length && gif[at] !== TRAILER) {
    if (gif[at] === EXTENSION_INTRODUCER) {
      if (gif[at + 1] === GRAPHIC_CONTROL_LABEL) gif.writeUInt16LE(centiseconds, at + 4);
      at = skipSubBlocks(gif, at + 2);
    } else if (gif[at] === IMAGE_SEPARATOR) {
      // Separator, 9 bytes of descriptor (packed field last), the local table, the LZW code size, the data.
      at = skipSubBlocks(gif, at + 10 + colourTableBytes(gif[at + 9]!) + 1);
    } else {
      throw new Error(`Unexpected GIF block 0x${gif[at]!.toString(16)} at byte ${at}.`);
    }
  }
}
