/**
 * Outpainting: the first image placed on a larger canvas of another shape, the new area masked for the
 * model and the original's pixels locked, so the composite keeps every one of them exactly.
 */
import { nearestValidSize, parseSize, type SizeRule } from '../contract/index.ts';
import { BOARD_MAX_PIXELS } from './board.ts';
import type { MaskOperation, PixelBox } from './mask.ts';

type Size = { width: number; height: number };

export interface AspectChoice {
  label: string;
  width: number;
  height: number;
}

/** The shapes designers reframe to most: screens, prints and the common social formats. */
export const OUTPAINT_ASPECTS: readonly AspectChoice[] = [
  { label: '16:9', width: 16, height: 9 },
  { label: '21:9', width: 21, height: 9 },
  { label: '3:2', width: 3, height: 2 },
  { label: '4:3', width: 4, height: 3 },
  { label: '1:1', width: 1, height: 1 },
  { label: '4:5', width: 4, height: 5 },
  { label: '2:3', width: 2, height: 3 },
  { label: '9:16', width: 9, height: 16 },
];

export interface ExtendedCanvas {
  canvas: Size;
  /** Where the original sits on the canvas: the pixels the composite keeps exactly. */
  original: PixelBox;
}

/**
 * The smallest canvas of the aspect that holds the image, the image centred on it; null when the image
 * already has that shape (to the pixel), since there is nothing to extend.
 */
export function extendedCanvas(
  image: Size,
  aspect: { width: number; height: number },
): ExtendedCanvas | null {
  const ratio = aspect.width / aspect.height;
  const canvas =
    image.width / image.height < ratio
      ? { width: Math.round(image.height * ratio), height: image.height }
      : { width: image.width, height: Math.round(image.width / ratio) };
  if (canvas.width <= image.width && canvas.height <= image.height) return null;
  return {
    canvas,
    original: {
      left: Math.floor((canvas.width - image.width) / 2),
      top: Math.floor((canvas.height - image.height) / 2),
      width: image.width,
      height: image.height,
    },
  };
}

/** An edge of the image, dragged outward to extend the canvas on that side. */
export type CanvasEdge = 'left' | 'right' | 'top' | 'bottom';

/**
 * The most elongated shape a canvas may take for the model: the rule's own limit, or the image's when it is
 * already longer (a panorama may still grow the other way). Past it the model returns another shape, and
 * the result could not be pasted back onto the canvas.
 */
export function canvasAspectLimit(image: Size, rule: SizeRule): number {
  const ruleLimit =
    rule.kind === 'flexible'
      ? rule.maxAspectRatio
      : Math.max(
          ...rule.sizes.map((size) => {
            const dims = parseSize(size);
            return dims ? Math.max(dims.width / dims.height, dims.height / dims.width) : 1;
          }),
        );
  return Math.max(ruleLimit, image.width / image.height, image.height / image.width);
}

/**
 * The canvas after the designer drags `edge` to `offset` natural pixels beyond the image's own edge (a
 * negative offset is inside the image: the canvas never crops the original), the other sides as `from`
 * left them. The dragged side stops where the canvas would hold more than the board does
 * (BOARD_MAX_PIXELS) or be longer than `canvasAspectLimit`. Null when no side is extended any more.
 */
export function dragCanvasEdge(
  image: Size,
  from: ExtendedCanvas | null,
  edge: CanvasEdge,
  offset: number,
  rule: SizeRule,
): ExtendedCanvas | null {
  const original = from?.original ?? { left: 0, top: 0, ...image };
  const canvas = from?.canvas ?? image;
  const margins = {
    left: original.left,
    top: original.top,
    right: canvas.width - original.left - image.width,
    bottom: canvas.height - original.top - image.height,
  };
  const horizontal = edge === 'left' || edge === 'right';
  const opposite = { left: 'right', right: 'left', top: 'bottom', bottom: 'top' } as const;
  // The span along the dragged axis without this side's margin, and the canvas's span across it.
  const base = (horizontal ? image.width : image.height) + margins[opposite[edge]];
  const across = horizontal ? canvas.height : canvas.width;
  const limit = canvasAspectLimit(image, rule);
  const longest = Math.min(Math.floor(BOARD_MAX_PIXELS / across), Math.floor(across * limit));
  const shortest = Math.ceil(across / limit);
  margins[edge] = Math.min(Math.max(Math.round(offset), shortest - base, 0), Math.max(0, longest - base));
  const next = {
    canvas: {
      width: image.width + margins.left + margins.right,
      height: image.height + margins.top + margins.bottom,
    },
    original: { left: margins.left, top: margins.top, width: image.width, height: image.height },
  };
  return next.canvas.width === image.width && next.canvas.height === image.height ? null : next;
}

/** Why a canvas cannot be made for the model as it stands, in a sentence, or null when it can. */
export function canvasProblem(image: Size, canvas: Size, rule: SizeRule): string | null {
  const pixels = canvas.width * canvas.height;
  if (pixels > BOARD_MAX_PIXELS) {
    return `A ${canvas.width} × ${canvas.height} canvas (${megapixels(pixels)}) is more than the ${megapixels(BOARD_MAX_PIXELS)} the board holds.`;
  }
  const limit = canvasAspectLimit(image, rule);
  const elongation = Math.max(canvas.width / canvas.height, canvas.height / canvas.width);
  if (elongation > limit * 1.001) {
    return `A ${canvas.width} × ${canvas.height} canvas is longer than the ${ratioText(limit)} the model makes, so the result could not be pasted back onto it.`;
  }
  return null;
}

export const megapixels = (pixels: number) => `${(pixels / 1_000_000).toFixed(1)} MP`;

const ratioText = (ratio: number) => `${Number(ratio.toFixed(2))}:1`;

/** The mask of an outpaint: everything painted but the original. */
export function outpaintMask(original: PixelBox): MaskOperation[] {
  return [
    { kind: 'fill-all', id: crypto.randomUUID() },
    { kind: 'shape', id: crypto.randomUUID(), shape: 'rectangle', mode: 'erase', ...original },
  ];
}

/** One size a master is reframed to: a channel's format, or one the designer typed. */
export interface ReframeTarget {
  id: string;
  label: string;
  /** The channel's nominal pixels: only their shape decides the canvas. */
  width: number;
  height: number;
}

const preset = (id: string, label: string, width: number, height: number): ReframeTarget => ({
  id,
  label,
  width,
  height,
});

/** The formats designers deliver to most, at each channel's recommended pixels. */
export const REFRAME_PRESETS: readonly ReframeTarget[] = [
  preset('instagram-post', 'Instagram post 4:5', 1080, 1350),
  preset('story', 'Story 9:16', 1080, 1920),
  preset('youtube-thumbnail', 'YouTube thumbnail 16:9', 1280, 720),
  preset('x-post', 'X/Twitter 16:9', 1600, 900),
  preset('linkedin', 'LinkedIn 1.91:1', 1200, 627),
  preset('pinterest', 'Pinterest 2:3', 1000, 1500),
  preset('square', 'Square 1:1', 1080, 1080),
  preset('banner', 'Banner 3:1', 1500, 500),
];

/** Largest edge a typed target may have: past it the entry is surely a typo. */
const MAX_TARGET_EDGE = 20_000;

/**
 * A typed list of sizes ("1080x1350, 1500×500" or one a line) as targets; entries that are not a size
 * are given back as typed, so the designer sees what was not understood.
 */
export function parseTargetList(text: string): { targets: ReframeTarget[]; refused: string[] } {
  const targets: ReframeTarget[] = [];
  const refused: string[] = [];
  for (const entry of text.split(/[\s,;]+/).filter(Boolean)) {
    const match = /^(\d+)[x×](\d+)$/i.exec(entry);
    const [width, height] = match ? [Number(match[1]), Number(match[2])] : [0, 0];
    if (width < 1 || height < 1 || Math.max(width, height) > MAX_TARGET_EDGE) refused.push(entry);
    else targets.push(preset(`custom-${width}x${height}`, `${width} × ${height}`, width, height));
  }
  return { targets, refused };
}

export type ReframePlan =
  | {
      kind: 'extend';
      target: ReframeTarget;
      canvas: Size;
      original: PixelBox;
      /** The valid size the model is asked for: the canvas's shape at its resolution, within the rule. */
      size: Size;
    }
  /** The master has the target's shape already: scaling it is all the target needs, no model call. */
  | { kind: 'same-shape'; target: ReframeTarget }
  /** The canvas would be more than the board holds. */
  | { kind: 'too-large'; target: ReframeTarget; canvas: Size };

/** What reframing the master to a target takes: its canvas, where the master sits on it, the size asked for. */
export function planReframe(
  master: Size,
  target: ReframeTarget,
  rule: SizeRule,
  maxPixels: number,
): ReframePlan {
  const extended = extendedCanvas(master, target);
  if (!extended) return { kind: 'same-shape', target };
  const { canvas, original } = extended;
  if (canvas.width * canvas.height > maxPixels) return { kind: 'too-large', target, canvas };
  return { kind: 'extend', target, canvas, original, size: nearestValidSize(rule, canvas) };
}

/** A batch's price: the sum of its estimates, low and high; null when one is known only after it runs. */
export function batchDollars(
  estimates: readonly { dollars: { low: number; high: number } | null }[],
): { low: number; high: number } | null {
  let low = 0;
  let high = 0;
  for (const { dollars } of estimates) {
    if (!dollars) return null;
    low += dollars.low;
    high += dollars.high;
  }
  return { low, high };
}
