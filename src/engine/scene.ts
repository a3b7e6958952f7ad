/**
 * The offline engine's picture: an SVG scene built from the prompt (palette, composition, caption) and a
 * seeded random source. Layers are kept separate so partial images can show an earlier, sparser stage, and
 * each carries how it moves so an animation can drift the scene; every layer draws from its own random
 * stream, so a quality or complexity that draws more of one element leaves the others where they were.
 *
 * Shapes carry fill-opacity/stroke-opacity, never `opacity`: librsvg renders each element with `opacity`
 * into its own full-canvas surface, which made a starry 4K sky take 13 s instead of a fraction of one.
 */
import type { Complexity, ResolvedQuality } from '../contract/index.ts';
import { hslToRgb, luminance, mixRgb, rgbToHex, rgbToHsl, withLightness, type Rgb } from './colour.ts';
import type { SeededRandom } from './seededRandom.ts';
import type { Motif, Mood, PromptStyle } from './promptStyle.ts';

export interface SceneInput {
  width: number;
  height: number;
  prompt: string;
  style: PromptStyle;
  quality: ResolvedQuality;
  /** How much of the scene is planned: GPT Image 2.6's `complexity`; the other models plan fully (`high`). */
  planning: Complexity;
  random: SeededRandom;
  /** No backdrop or vignette: solid shapes on real alpha. */
  transparent: boolean;
  /** Colours that should join the palette after the prompt's own (edits: from the reference images). */
  extraColours: readonly Rgb[];
  /** Whether a font is installed; without one the caption is left out rather than drawn as boxes. */
  captionFont: string | null;
}

export interface Palette {
  /** Five harmonious colours, the prompt's named colours first. */
  colours: readonly Rgb[];
  deep: Rgb;
  light: Rgb;
  skyTop: Rgb;
  skyMiddle: Rgb;
  skyBottom: Rgb;
}

/**
 * How a layer moves over one loop of an animation: `zoom` is its extra scale about the canvas centre at
 * mid-loop (nearer layers zoom more, which reads as the camera moving in), `sway` the largest offset in
 * pixels of a floating element. Only floating elements sway: a full-width layer moved sideways would
 * uncover the canvas edge, while zooming in never does. A still image is the loop's first frame, where
 * every layer is at rest.
 */
export interface LayerMotion {
  zoom: number;
  sway: readonly [number, number];
}

export interface SceneLayer {
  /** An SVG fragment carrying its own defs. */
  svg: string;
  motion: LayerMotion;
}

export interface Scene {
  width: number;
  height: number;
  palette: Palette;
  /** Drawn as a cut-out: the subject solid on real alpha (see `CUTOUT_ALPHA_SLOPE`). */
  transparent: boolean;
  /** Back to front. */
  layers: readonly SceneLayer[];
}

/**
 * How finely each quality draws, each step keeping what the one below draws and adding to it: `detail`
 * scales element counts and curve resolution, `textures` is how many surface-finish layers go on top
 * (grain, hatching, speckle), and `highlights` lights the edges of ridges, buildings and shapes.
 */
interface Finish {
  detail: number;
  textures: number;
  highlights: boolean;
}

const FINISH: Record<ResolvedQuality, Finish> = {
  low: { detail: 0.55, textures: 0, highlights: false },
  medium: { detail: 1, textures: 0, highlights: false },
  high: { detail: 1.7, textures: 1, highlights: false },
  xhigh: { detail: 2.4, textures: 2, highlights: true },
  max: { detail: 3.2, textures: 3, highlights: true },
};

/** The surface finishes, in the order the qualities add them. */
const TEXTURES = ['grain', 'hatching', 'speckle'] as const;
type Texture = (typeof TEXTURES)[number];

/** The share of the full plan's elements each complexity draws; clouds join at medium, birds at high. */
const PLANNING: Record<Complexity, number> = { low: 0.35, medium: 0.65, high: 1 };

/** Depth order: what sits further back is painted first. */
const MOTIF_DEPTH: readonly Motif[] = [
  'stars',
  'orb',
  'mountains',
  'city',
  'trees',
  'waves',
  'stripes',
  'grid',
  'flower',
  'figure',
];
/** Motifs of the sky, behind the clouds and birds; the rest stand in front of them. */
const SKY_MOTIFS: readonly Motif[] = ['stars', 'orb'];
const LANDSCAPE_MOTIFS: readonly Motif[] = ['mountains', 'waves', 'city', 'trees'];

/** How far each subject moves with the camera: far ridges barely, near trees and figures most. */
const MOTIF_ZOOM: Record<Motif, number> = {
  stars: 0.01,
  orb: 0.015,
  mountains: 0.03,
  city: 0.05,
  trees: 0.09,
  waves: 0.07,
  stripes: 0.045,
  grid: 0.03,
  flower: 0.075,
  figure: 0.075,
};

const MOOD_LIGHTNESS: Record<Mood, number> = { dark: 0.2, neutral: 0.5, light: 0.8 };

/**
 * Makes a transparent scene a cut-out, as the real models' transparent output is: shapes are drawn with
 * some translucency (down to about 0.3), so alpha is multiplied by 4, which makes anything at least a
 * quarter covered solid while anti-aliased edges stay a pixel soft; untouched background stays at 0.
 * feColorMatrix, because librsvg's feComponentTransfer scales the premultiplied colour with the alpha
 * (washing colours out to white); sRGB interpolation keeps the colours as drawn rather than rounding
 * them through linearRGB.
 */
const CUTOUT_ALPHA_SLOPE = 4;
const CUTOUT_FILTER_ID = 'cutout';

const round = (value: number) => Math.round(value * 10) / 10;
const hex = rgbToHex;

const STILL: LayerMotion = { zoom: 0, sway: [0, 0] };

export function buildPalette(
  style: PromptStyle,
  extraColours: readonly Rgb[],
  random: SeededRandom,
): Palette {
  const named = [...style.colours, ...extraColours];
  const colours: Rgb[] = named.slice(0, 5);
  if (colours.length === 0) {
    const hue = random.between(0, 360);
    const spread = random.pick([28, 150, 180, 120]);
    colours.push(
      hslToRgb(hue, random.between(0.55, 0.8), random.between(0.45, 0.6)),
      hslToRgb(hue + spread, random.between(0.5, 0.75), random.between(0.5, 0.65)),
    );
  }
  // Fill the palette with neighbours of the named colours so one-word prompts still get depth.
  for (let index = 0; colours.length < 5; index++) {
    const source = rgbToHsl(colours[index % colours.length]!);
    const shift = (index % 2 === 0 ? 1 : -1) * random.between(18, 40);
    colours.push(
      hslToRgb(
        source.hue + shift,
        Math.max(0.35, source.saturation * random.between(0.8, 1.05)),
        Math.min(0.75, Math.max(0.3, source.lightness + random.between(-0.18, 0.18))),
      ),
    );
  }
  const base = MOOD_LIGHTNESS[style.mood];
  const [first, second, third] = colours as [Rgb, Rgb, Rgb, Rgb, Rgb];
  return {
    colours,
    deep: withLightness(first, style.mood === 'dark' ? 0.07 : 0.16),
    light: mixRgb(withLightness(second, 0.88), [255, 250, 240], 0.4),
    skyTop: withLightness(third, Math.max(0.08, base - 0.2)),
    skyMiddle: withLightness(second, base),
    skyBottom: withLightness(first, Math.min(0.9, base + 0.16)),
  };
}

export function buildScene(input: SceneInput): Scene {
  const palette = buildPalette(input.style, input.extraColours, input.random.fork('palette'));
  const painter = new ScenePainter(input, palette);
  const width = input.width;
  const unit = Math.min(input.width, input.height);
  const layers: SceneLayer[] = [];
  const add = (svg: string, motion: LayerMotion = STILL) => layers.push({ svg, motion });
  // A transparent picture is a cut-out: no sky and no haze, only its subjects carry alpha.
  if (!input.transparent) {
    add(painter.paint('backdrop', () => painter.backdrop()));
    add(
      painter.paint('glows', () => painter.glows()),
      { zoom: 0.015, sway: [0, 0] },
    );
  }
  const motifs = MOTIF_DEPTH.filter((motif) => input.style.motifs.includes(motif));
  if (motifs.length === 0) {
    const [blobs, accent] = painter.paint('abstract', () => painter.abstractComposition());
    add(blobs, { zoom: 0.045, sway: [width * 0.03, -unit * 0.025] });
    add(accent, { zoom: 0.075, sway: [0, 0] });
  }
  const landscape = motifs.some((motif) => LANDSCAPE_MOTIFS.includes(motif));
  const paintMotif = (motif: Motif) =>
    add(
      painter.paint(motif, () => painter.motif(motif, motifs)),
      {
        zoom: MOTIF_ZOOM[motif],
        sway: motif === 'orb' ? [width * 0.05, -unit * 0.08] : [0, 0],
      },
    );
  motifs.filter((motif) => SKY_MOTIFS.includes(motif)).forEach(paintMotif);
  // Clouds and birds belong to the sky, which a cut-out leaves out.
  if (!input.transparent && (landscape || motifs.includes('orb'))) {
    if (input.planning !== 'low') {
      add(
        painter.paint('clouds', () => painter.clouds()),
        { zoom: 0.02, sway: [width * 0.1, 0] },
      );
    }
    if (input.planning === 'high' && landscape) {
      add(
        painter.paint('birds', () => painter.birds()),
        { zoom: 0.03, sway: [width * 0.12, -unit * 0.05] },
      );
    }
  }
  motifs.filter((motif) => !SKY_MOTIFS.includes(motif)).forEach(paintMotif);
  // Textures cover the whole canvas, so a cut-out (which must stay clear around its subject) has none.
  if (!input.transparent) {
    for (const texture of TEXTURES.slice(0, FINISH[input.quality].textures)) {
      add(painter.paint(texture, () => painter.texture(texture)));
    }
    add(painter.vignette());
  }
  if (input.captionFont) add(painter.caption(input.captionFont));
  return { width: input.width, height: input.height, palette, transparent: input.transparent, layers };
}

/** Where a moving layer is `phase` (0..1) of the way through the loop, as an SVG transform. */
function layerTransform({ zoom, sway }: LayerMotion, phase: number, width: number, height: number): string {
  const turn = 2 * Math.PI * phase;
  const scale = 1 + (zoom * (1 - Math.cos(turn))) / 2;
  const dx = sway[0] * Math.sin(turn);
  const dy = sway[1] * Math.sin(turn);
  const cx = width / 2;
  const cy = height / 2;
  return `translate(${round(cx + dx)} ${round(cy + dy)}) scale(${scale.toFixed(4)}) translate(${-cx} ${-cy})`;
}

/**
 * The whole scene, or its first `layerCount` layers, as a standalone SVG document drawn at `outWidth` x
 * `outHeight`, with every layer `phase` (0..1) of the way through the animation loop.
 */
export function sceneToSvg(
  scene: Scene,
  outWidth: number,
  outHeight: number,
  layerCount = scene.layers.length,
  phase = 0,
): string {
  const body = scene.layers
    .slice(0, layerCount)
    .map((layer) => {
      const still =
        phase === 0 || (layer.motion.zoom === 0 && layer.motion.sway.every((value) => value === 0));
      return still
        ? layer.svg
        : `<g transform="${layerTransform(layer.motion, phase, scene.width, scene.height)}">${layer.svg}</g>`;
    })
    .join('');
  const content = scene.transparent
    ? `<defs><filter id="${CUTOUT_FILTER_ID}" filterUnits="userSpaceOnUse" x="0" y="0" width="${scene.width}" height="${scene.height}" color-interpolation-filters="sRGB">` +
      `<feColorMatrix type="matrix" values="1 0 0 0 0 0 1 0 0 0 0 0 1 0 0 0 0 0 ${CUTOUT_ALPHA_SLOPE} 0"/></filter></defs>` +
      `<g filter="url(#${CUTOUT_FILTER_ID})">${body}</g>`
    : body;
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<svg xmlns="http://www.w3.org/2000/svg" width="${outWidth}" height="${outHeight}" ` +
    `viewBox="0 0 ${scene.width} ${scene.height}" preserveAspectRatio="none">${content}</svg>`
  );
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/**
 * What XML 1.0 cannot carry (https://www.w3.org/TR/xml/#charsets): control characters other than
 * whitespace, lone surrogates, and the noncharacters U+FFFE/U+FFFF, plus the other noncharacters and C1
 * controls, which no font draws. A prompt may hold any of them (the API takes any string); librsvg refuses
 * the whole SVG for one, so they never reach the caption.
 */
const UNDRAWABLE = /[\p{Cc}\p{Cs}\uFDD0-\uFDEF\uFFFE\uFFFF]/gu;

/** The prompt as one caption line: whitespace collapsed, cut at a word boundary with an ellipsis. */
export function captionText(prompt: string, maxChars: number): string {
  const text = prompt.replace(/\s+/g, ' ').replace(UNDRAWABLE, '').trim();
  if (text.length <= maxChars) return text;
  // A cut between the halves of a surrogate pair would leave half an emoji, drawn as a box.
  const cut = text.slice(0, Math.max(1, maxChars - 1)).replace(/\p{Cs}$/u, '');
  const endsOnWord = text[cut.length] === ' ';
  const lastSpace = cut.lastIndexOf(' ');
  return `${(endsOnWord || lastSpace <= maxChars * 0.6 ? cut : cut.slice(0, lastSpace)).trimEnd()}…`;
}

class ScenePainter {
  private readonly width: number;
  private readonly height: number;
  private readonly unit: number;
  /** The current layer's own random stream (see `paint`). */
  private random: SeededRandom;
  private readonly finish: Finish;
  private readonly planning: number;
  private nextId = 0;

  constructor(
    private readonly input: SceneInput,
    private readonly palette: Palette,
  ) {
    this.width = input.width;
    this.height = input.height;
    this.unit = Math.min(input.width, input.height);
    this.random = input.random;
    this.finish = FINISH[input.quality];
    this.planning = PLANNING[input.planning];
  }

  /** Draws one layer from a random stream of its own, named after it. */
  paint<T>(name: string, draw: () => T): T {
    this.random = this.input.random.fork(name);
    return draw();
  }

  private id(prefix: string): string {
    this.nextId += 1;
    return `${prefix}${this.nextId}`;
  }

  private colour(index: number): Rgb {
    return this.palette.colours[index % this.palette.colours.length]!;
  }

  /** The colour the prompt gave this subject, else the palette's colour at `index`. */
  private subjectColour(motif: Motif, index: number): Rgb {
    return this.input.style.motifColours[motif] ?? this.colour(index);
  }

  /** How many of an element to draw: more at a finer quality, fewer when less of the scene is planned. */
  private count(base: number): number {
    return Math.max(1, Math.round(base * this.finish.detail * this.planning));
  }

  /** How many of a whole subject (a cloud, a bird) to draw: by the plan alone, however fine the quality. */
  private planned(base: number): number {
    return Math.max(1, Math.round(base * this.planning));
  }

  /** How finely to divide a shape or a pattern: by quality alone. */
  private resolution(base: number): number {
    return Math.max(1, Math.round(base * this.finish.detail));
  }

  /** The y of the horizon when a landscape motif is present. */
  private get horizon(): number {
    return this.height * 0.62;
  }

  backdrop(): string {
    const id = this.id('sky');
    const tilt = this.random.between(-0.25, 0.25);
    const { skyTop, skyMiddle, skyBottom } = this.palette;
    return (
      `<defs><linearGradient id="${id}" x1="${round(0.5 - tilt)}" y1="0" x2="${round(0.5 + tilt)}" y2="1">` +
      `<stop offset="0" stop-color="${hex(skyTop)}"/><stop offset="0.55" stop-color="${hex(skyMiddle)}"/>` +
      `<stop offset="1" stop-color="${hex(skyBottom)}"/></linearGradient></defs>` +
      `<rect width="${this.width}" height="${this.height}" fill="url(#${id})"/>`
    );
  }

  private softLight(cx: number, cy: number, radius: number, colour: Rgb, opacity: number): string {
    const id = this.id('glow');
    return (
      `<defs><radialGradient id="${id}"><stop offset="0" stop-color="${hex(colour)}" stop-opacity="${opacity.toFixed(2)}"/>` +
      `<stop offset="0.45" stop-color="${hex(colour)}" stop-opacity="${(opacity * 0.4).toFixed(2)}"/>` +
      `<stop offset="1" stop-color="${hex(colour)}" stop-opacity="0"/></radialGradient></defs>` +
      `<circle cx="${round(cx)}" cy="${round(cy)}" r="${round(radius)}" fill="url(#${id})"/>`
    );
  }

  glows(): string {
    let svg = '';
    const count = Math.max(1, Math.round(this.random.int(2, 4) * this.planning));
    for (let index = 0; index < count; index++) {
      svg += this.softLight(
        this.random.between(0, this.width),
        this.random.between(0, this.height * 0.8),
        this.unit * this.random.between(0.35, 0.75),
        index === 0 ? this.palette.light : this.colour(index + 1),
        this.random.between(0.35, 0.6),
      );
    }
    return svg;
  }

  /** Without a subject word: soft blobs plus one of a few graphic devices. */
  abstractComposition(): [string, string] {
    let blobs = '';
    const blobCount = this.planned(6);
    for (let index = 0; index < blobCount; index++) {
      const colour = this.colour(index);
      const id = this.id('blob');
      const r = this.unit * this.random.between(0.12, 0.32);
      const cx = round(this.random.between(0.1, 0.9) * this.width);
      const cy = round(this.random.between(0.15, 0.85) * this.height);
      blobs +=
        `<defs><radialGradient id="${id}" cx="0.35" cy="0.3" r="0.8"><stop offset="0" stop-color="${hex(mixRgb(colour, [255, 255, 255], 0.35))}"/>` +
        `<stop offset="1" stop-color="${hex(withLightness(colour, 0.3))}"/></radialGradient></defs>` +
        `<circle cx="${cx}" cy="${cy}" r="${round(r)}" fill="url(#${id})" fill-opacity="${round(this.random.between(0.55, 0.9))}"/>`;
      if (this.finish.highlights) {
        blobs += `<circle cx="${cx}" cy="${cy}" r="${round(r * 0.97)}" fill="none" stroke="${hex(this.palette.light)}" stroke-opacity="0.35" stroke-width="${round(this.unit * 0.003)}"/>`;
      }
    }
    const device = this.random.pick(['rings', 'arcs', 'bars'] as const);
    const cx = this.width * this.random.between(0.3, 0.7);
    const cy = this.height * this.random.between(0.3, 0.7);
    let accent = '';
    if (device === 'rings') {
      const rings = this.count(5);
      for (let index = 1; index <= rings; index++) {
        accent += `<circle cx="${round(cx)}" cy="${round(cy)}" r="${round(this.unit * 0.06 * index)}" fill="none" stroke="${hex(this.palette.light)}" stroke-opacity="${round(0.7 - index * 0.08)}" stroke-width="${round(this.unit * 0.006)}"/>`;
      }
    } else if (device === 'arcs') {
      const arcs = this.count(4);
      for (let index = 0; index < arcs; index++) {
        const r = this.unit * (0.18 + 0.07 * index);
        accent += `<path d="M ${round(cx - r)} ${round(cy)} A ${round(r)} ${round(r)} 0 0 1 ${round(cx + r)} ${round(cy)}" fill="none" stroke="${hex(this.colour(index + 2))}" stroke-width="${round(this.unit * 0.025)}" stroke-linecap="round" stroke-opacity="0.85"/>`;
      }
    } else {
      const bars = this.count(5);
      for (let index = 0; index < bars; index++) {
        const barWidth = this.unit * 0.05;
        const barHeight = this.height * this.random.between(0.2, 0.55);
        accent += `<rect x="${round(cx - bars * barWidth + index * barWidth * 2)}" y="${round(this.height * 0.85 - barHeight)}" width="${round(barWidth)}" height="${round(barHeight)}" rx="${round(barWidth / 2)}" fill="${hex(this.colour(index))}" fill-opacity="0.9"/>`;
      }
    }
    return [blobs, accent];
  }

  motif(motif: Motif, all: readonly Motif[]): string {
    const landscape = all.some((other) => ['mountains', 'waves', 'city', 'trees'].includes(other));
    switch (motif) {
      case 'orb':
        return this.orb(landscape);
      case 'mountains':
        return this.mountains();
      case 'waves':
        return this.waves(all.includes('mountains') || all.includes('city'));
      case 'stripes':
        return this.stripes();
      case 'grid':
        return this.grid();
      case 'figure':
        return this.figure();
      case 'city':
        return this.city();
      case 'stars':
        return this.stars(landscape);
      case 'trees':
        return this.trees();
      case 'flower':
        return this.flower(all.length > 1);
    }
  }

  private orb(landscape: boolean): string {
    const lunar = this.input.style.lunar;
    const cx = this.width * this.random.between(0.3, 0.7);
    const cy = landscape
      ? this.horizon - this.height * this.random.between(0.12, 0.28)
      : this.height * this.random.between(0.35, 0.55);
    const r = this.unit * this.random.between(0.15, 0.24);
    const core = lunar
      ? mixRgb(this.palette.light, [235, 238, 245], 0.6)
      : mixRgb(this.subjectColour('orb', 0), [255, 240, 200], 0.35);
    const rim = lunar ? withLightness(core, 0.72) : withLightness(this.subjectColour('orb', 0), 0.5);
    const id = this.id('orb');
    // The halo is atmosphere, not subject: a cut-out leaves it out.
    const halo = this.input.transparent ? '' : this.softLight(cx, cy, r * 2.8, core, lunar ? 0.35 : 0.65);
    let svg =
      halo +
      `<defs><radialGradient id="${id}" cx="0.38" cy="0.35" r="0.75"><stop offset="0" stop-color="${hex(mixRgb(core, [255, 255, 255], 0.5))}"/>` +
      `<stop offset="1" stop-color="${hex(rim)}"/></radialGradient></defs>` +
      `<circle cx="${round(cx)}" cy="${round(cy)}" r="${round(r)}" fill="url(#${id})"/>`;
    if (lunar) {
      const craters = this.count(7);
      for (let index = 0; index < craters; index++) {
        const angle = this.random.between(0, Math.PI * 2);
        const distance = r * this.random.between(0, 0.7);
        svg += `<circle cx="${round(cx + Math.cos(angle) * distance)}" cy="${round(cy + Math.sin(angle) * distance)}" r="${round(r * this.random.between(0.05, 0.16))}" fill="${hex(withLightness(core, 0.55))}" fill-opacity="0.35"/>`;
      }
    }
    return svg;
  }

  /**
   * A ridge line by midpoint displacement: rough like a real skyline, smooth at low detail. The coarse
   * points are drawn first, so a finer quality keeps the silhouette and only adds to it.
   */
  private ridge(
    random: SeededRandom,
    baseY: number,
    amplitude: number,
    roughness: number,
  ): [number, number][] {
    const segments = 2 ** Math.max(3, Math.round(3 + this.finish.detail * 2));
    const heights = new Array<number>(segments + 1).fill(0);
    heights[0] = random.between(-0.5, 0.5);
    heights[segments] = random.between(-0.5, 0.5);
    for (let step = segments; step > 1; step /= 2) {
      const spread = (step / segments) ** roughness;
      for (let start = 0; start < segments; start += step) {
        const middle = start + step / 2;
        heights[middle] = (heights[start]! + heights[start + step]!) / 2 + random.between(-1, 1) * spread;
      }
    }
    return heights.map((value, index) => [(index / segments) * this.width, baseY - value * amplitude]);
  }

  private mountains(): string {
    let svg = '';
    const ridges = 3;
    const named = this.input.style.motifColours.mountains !== undefined;
    // A smaller plan keeps the nearest ridges and leaves out the far ones.
    const planned = Math.max(1, Math.round(ridges * this.planning));
    for (let index = ridges - planned; index < ridges; index++) {
      const depth = index / (ridges - 1);
      const baseY = this.height * (0.5 + 0.11 * index);
      // Each ridge has its own stream: a finer one draws more points, which must not move the next.
      const points = this.ridge(
        this.random.fork(`ridge${index}`),
        baseY,
        this.height * (0.2 - 0.04 * index),
        0.85,
      );
      const near = mixRgb(this.palette.deep, this.subjectColour('mountains', index + 1), named ? 0.75 : 0.35);
      const far = mixRgb(near, this.palette.skyMiddle, 0.55);
      const colour = mixRgb(far, near, depth);
      const id = this.id('ridge');
      svg +=
        `<defs><linearGradient id="${id}" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${hex(mixRgb(colour, this.palette.light, 0.18))}"/>` +
        `<stop offset="1" stop-color="${hex(withLightness(colour, 0.12))}"/></linearGradient></defs>` +
        `<path d="M 0 ${this.height} ${points.map(([x, y]) => `L ${round(x)} ${round(y)}`).join(' ')} L ${this.width} ${this.height} Z" fill="url(#${id})"/>`;
      if (this.finish.highlights) {
        svg += `<path d="M ${points.map(([x, y]) => `${round(x)} ${round(y)}`).join(' L ')}" fill="none" stroke="${hex(this.palette.light)}" stroke-opacity="0.4" stroke-width="${round(this.unit * 0.0025)}" stroke-linejoin="round"/>`;
      }
    }
    return svg;
  }

  private waves(belowLand: boolean): string {
    let svg = '';
    const top = belowLand ? this.height * 0.78 : this.horizon;
    const bands = this.count(4);
    for (let index = 0; index < bands; index++) {
      const y = top + ((this.height - top) * index) / bands;
      const amplitude = this.unit * this.random.between(0.012, 0.03);
      const wavelength = this.width / this.random.int(3, 6);
      let d = `M 0 ${round(y)}`;
      for (let x = 0; x < this.width; x += wavelength) {
        d += ` Q ${round(x + wavelength / 4)} ${round(y - amplitude)} ${round(x + wavelength / 2)} ${round(y)} T ${round(x + wavelength)} ${round(y)}`;
      }
      d += ` L ${this.width} ${this.height} L 0 ${this.height} Z`;
      const colour = mixRgb(this.subjectColour('waves', 2), this.palette.deep, index / (bands + 1));
      svg +=
        `<path d="${d}" fill="${hex(colour)}" fill-opacity="0.88"/>` +
        `<path d="${d.split(' L ')[0]}" fill="none" stroke="${hex(this.palette.light)}" stroke-opacity="0.35" stroke-width="${round(this.unit * 0.004)}"/>`;
    }
    return svg;
  }

  private stripes(): string {
    const angle = this.random.pick([-35, -20, 20, 35, 90]);
    const stripeWidth = this.unit * this.random.between(0.04, 0.08);
    const span = Math.hypot(this.width, this.height);
    const count = Math.ceil(span / (stripeWidth * 2));
    let svg = `<g transform="rotate(${angle} ${this.width / 2} ${this.height / 2})">`;
    for (let index = 0; index < count; index++) {
      const x = this.width / 2 - span / 2 + index * stripeWidth * 2;
      svg += `<rect x="${round(x)}" y="${round(this.height / 2 - span / 2)}" width="${round(stripeWidth)}" height="${round(span)}" fill="${hex(this.colour(index % 3))}" fill-opacity="0.55"/>`;
    }
    return `${svg}</g>`;
  }

  private grid(): string {
    const columns = this.resolution(7);
    // A smaller plan leaves more cells empty.
    const emptyChance = 1 - 0.82 * this.planning;
    const cell = this.width / columns;
    const rows = Math.ceil(this.height / cell);
    const gap = cell * 0.12;
    let svg = '<g>';
    for (let row = 0; row < rows; row++) {
      for (let column = 0; column < columns; column++) {
        if (this.random.next() < emptyChance) continue;
        const colour = hex(this.subjectColour('grid', this.random.int(0, 4)));
        const x = column * cell + gap / 2;
        const y = row * cell + gap / 2;
        const size = cell - gap;
        svg +=
          this.random.next() < 0.3
            ? `<circle cx="${round(x + size / 2)}" cy="${round(y + size / 2)}" r="${round(size / 2)}" fill="${colour}" fill-opacity="0.82"/>`
            : `<rect x="${round(x)}" y="${round(y)}" width="${round(size)}" height="${round(size)}" rx="${round(size * 0.18)}" fill="${colour}" fill-opacity="0.82"/>`;
      }
    }
    return `${svg}</g>`;
  }

  private figure(): string {
    const cx = this.width * this.random.between(0.42, 0.58);
    const u = this.unit;
    const headY = this.height - u * 0.62;
    const headR = u * 0.12;
    const shoulderY = headY + headR * 1.9;
    const archId = this.id('arch');
    const bodyId = this.id('body');
    const archWidth = u * 0.62;
    const arch = mixRgb(this.subjectColour('figure', 1), this.palette.light, 0.25);
    return (
      `<defs><linearGradient id="${archId}" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${hex(arch)}" stop-opacity="0.85"/>` +
      `<stop offset="1" stop-color="${hex(this.colour(1))}" stop-opacity="0.35"/></linearGradient>` +
      `<linearGradient id="${bodyId}" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${hex(mixRgb(this.palette.deep, this.colour(0), 0.45))}"/>` +
      `<stop offset="1" stop-color="${hex(this.palette.deep)}"/></linearGradient></defs>` +
      `<path d="M ${round(cx - archWidth / 2)} ${this.height} L ${round(cx - archWidth / 2)} ${round(headY - headR * 0.4)} ` +
      `A ${round(archWidth / 2)} ${round(archWidth / 2)} 0 0 1 ${round(cx + archWidth / 2)} ${round(headY - headR * 0.4)} L ${round(cx + archWidth / 2)} ${this.height} Z" fill="url(#${archId})"/>` +
      `<path d="M ${round(cx - u * 0.34)} ${this.height} C ${round(cx - u * 0.32)} ${round(shoulderY)} ${round(cx - u * 0.12)} ${round(shoulderY - u * 0.02)} ${round(cx)} ${round(shoulderY - u * 0.02)} ` +
      `C ${round(cx + u * 0.12)} ${round(shoulderY - u * 0.02)} ${round(cx + u * 0.32)} ${round(shoulderY)} ${round(cx + u * 0.34)} ${this.height} Z" fill="url(#${bodyId})"/>` +
      `<rect x="${round(cx - headR * 0.42)}" y="${round(headY + headR * 0.6)}" width="${round(headR * 0.84)}" height="${round(headR * 1.2)}" fill="url(#${bodyId})"/>` +
      `<circle cx="${round(cx)}" cy="${round(headY)}" r="${round(headR)}" fill="url(#${bodyId})" stroke="${hex(this.palette.light)}" stroke-opacity="0.45" stroke-width="${round(u * 0.006)}"/>`
    );
  }

  private city(): string {
    let svg = '';
    let x = -this.unit * 0.02;
    const windowColour = hex(mixRgb(this.palette.light, [255, 214, 140], 0.5));
    const windowChance = 0.35 * Math.min(1, this.finish.detail) * this.planning;
    const edgeLight = hex(this.palette.light);
    while (x < this.width) {
      const buildingWidth = this.unit * this.random.between(0.05, 0.12);
      const buildingHeight = this.height * this.random.between(0.12, 0.4);
      const top = this.horizon + this.height * 0.12 - buildingHeight;
      const shade = mixRgb(
        this.palette.deep,
        this.subjectColour('city', this.random.int(0, 4)),
        this.random.between(0.1, 0.3),
      );
      svg += `<rect x="${round(x)}" y="${round(top)}" width="${round(buildingWidth)}" height="${round(this.height - top)}" fill="${hex(shade)}"/>`;
      if (this.finish.highlights) {
        svg += `<path d="M ${round(x)} ${round(this.height)} L ${round(x)} ${round(top)} L ${round(x + buildingWidth)} ${round(top)}" fill="none" stroke="${edgeLight}" stroke-opacity="0.3" stroke-width="${round(this.unit * 0.002)}"/>`;
      }
      const windowSize = this.unit * 0.012;
      for (let wy = top + windowSize * 2; wy < this.height - windowSize * 2; wy += windowSize * 2.6) {
        for (let wx = x + windowSize; wx < x + buildingWidth - windowSize * 1.5; wx += windowSize * 2.2) {
          if (this.random.next() < windowChance) {
            svg += `<rect x="${round(wx)}" y="${round(wy)}" width="${round(windowSize)}" height="${round(windowSize * 1.3)}" fill="${windowColour}" fill-opacity="${round(this.random.between(0.5, 1))}"/>`;
          }
        }
      }
      x += buildingWidth + this.unit * this.random.between(0, 0.015);
    }
    return svg;
  }

  private stars(landscape: boolean): string {
    let svg = '';
    const count = this.count(140);
    const bottom = landscape ? this.horizon : this.height;
    for (let index = 0; index < count; index++) {
      // The power curve thins the stars toward the horizon, where real skies are hazier.
      const y = this.random.between(0, bottom) ** 1.15 / bottom ** 0.15;
      svg += `<circle cx="${round(this.random.between(0, this.width))}" cy="${round(y)}" r="${round(this.unit * this.random.between(0.0012, 0.0045))}" fill="#fffaf0" fill-opacity="${round(this.random.between(0.35, 1))}"/>`;
    }
    return svg;
  }

  private trees(): string {
    const count = this.count(18);
    const trees = Array.from({ length: count }, () => ({
      x: this.random.between(-0.05, 1.05) * this.width,
      base: this.height * this.random.between(0.82, 1.02),
      height: this.height * this.random.between(0.14, 0.32),
    })).sort((a, b) => a.base - b.base);
    let svg = '';
    for (const tree of trees) {
      const depth = (tree.base - this.height * 0.82) / (this.height * 0.2);
      const colour = mixRgb(
        mixRgb(this.palette.deep, this.subjectColour('trees', 1), 0.55),
        this.palette.deep,
        depth * 0.7,
      );
      const halfWidth = tree.height * 0.28;
      svg += `<path d="M ${round(tree.x)} ${round(tree.base - tree.height)} L ${round(tree.x + halfWidth)} ${round(tree.base)} L ${round(tree.x - halfWidth)} ${round(tree.base)} Z" fill="${hex(colour)}"/>`;
    }
    return svg;
  }

  private flower(small: boolean): string {
    const cx = this.width * this.random.between(0.35, 0.65);
    const cy = this.height * (small ? this.random.between(0.3, 0.5) : 0.5);
    const scale = this.unit * (small ? 0.6 : 1);
    const petals = this.random.int(7, 12);
    const id = this.id('petal');
    let svg =
      `<defs><linearGradient id="${id}" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${hex(mixRgb(this.subjectColour('flower', 0), [255, 255, 255], 0.45))}"/>` +
      `<stop offset="1" stop-color="${hex(this.subjectColour('flower', 0))}"/></linearGradient></defs><g>`;
    for (let index = 0; index < petals; index++) {
      const angle = (360 / petals) * index + this.random.between(-4, 4);
      svg += `<ellipse cx="${round(cx)}" cy="${round(cy - scale * 0.13)}" rx="${round(scale * 0.055)}" ry="${round(scale * 0.13)}" fill="url(#${id})" fill-opacity="0.92" transform="rotate(${round(angle)} ${round(cx)} ${round(cy)})"/>`;
    }
    return `${svg}</g><circle cx="${round(cx)}" cy="${round(cy)}" r="${round(scale * 0.05)}" fill="${hex(this.colour(2))}"/>`;
  }

  /**
   * A finish over the whole canvas, low in contrast so it reads as surface rather than subject: grain (fine
   * light dots, like paper), hatching (fine diagonal strokes, like a print) and speckle (dark dots).
   */
  texture(texture: Texture): string {
    const id = this.id(texture);
    const step = Math.max(3, Math.round(this.unit / { grain: 180, hatching: 150, speckle: 260 }[texture]));
    const mark = {
      grain: `<circle cx="${step / 2}" cy="${step / 2}" r="${round(step * 0.14)}" fill="#ffffff" fill-opacity="0.12"/>`,
      hatching: `<path d="M 0 ${step} L ${step} 0" stroke="#ffffff" stroke-opacity="0.07" stroke-width="${round(step * 0.12)}"/>`,
      speckle: `<circle cx="${round(step * 0.2)}" cy="${round(step * 0.7)}" r="${round(step * 0.12)}" fill="#000000" fill-opacity="0.22"/>`,
    }[texture];
    return (
      `<defs><pattern id="${id}" width="${step}" height="${step}" patternUnits="userSpaceOnUse">${mark}</pattern></defs>` +
      `<rect width="${this.width}" height="${this.height}" fill="url(#${id})"/>`
    );
  }

  /** Puffy clouds across the upper sky, tinted by the sky so they sit in its light. */
  clouds(): string {
    let svg = '';
    const count = this.planned(3);
    const tint = mixRgb(
      this.palette.light,
      this.palette.skyTop,
      this.input.style.mood === 'dark' ? 0.6 : 0.15,
    );
    for (let index = 0; index < count; index++) {
      const cx = this.random.between(0.05, 0.95) * this.width;
      const cy = this.random.between(0.08, 0.38) * this.height;
      const size = this.unit * this.random.between(0.05, 0.1);
      const puffs = this.random.int(3, 5);
      const opacity = round(this.random.between(0.55, 0.85));
      for (let puff = 0; puff < puffs; puff++) {
        const offset = (puff - (puffs - 1) / 2) * size * 0.9;
        svg += `<ellipse cx="${round(cx + offset)}" cy="${round(cy - size * this.random.between(0, 0.45))}" rx="${round(size * this.random.between(0.7, 1))}" ry="${round(size * this.random.between(0.45, 0.65))}" fill="${hex(tint)}" fill-opacity="${opacity}"/>`;
      }
    }
    return svg;
  }

  /** A few birds, drawn as two-stroke wings, above the land. */
  birds(): string {
    let svg = '';
    const count = this.planned(5);
    const ink = hex(this.palette.deep);
    for (let index = 0; index < count; index++) {
      const x = this.random.between(0.15, 0.85) * this.width;
      const y = this.random.between(0.15, 0.42) * this.height;
      const span = this.unit * this.random.between(0.012, 0.025);
      const lift = span * this.random.between(0.3, 0.6);
      svg += `<path d="M ${round(x - span)} ${round(y - lift)} Q ${round(x - span / 2)} ${round(y - lift)} ${round(x)} ${round(y)} Q ${round(x + span / 2)} ${round(y - lift)} ${round(x + span)} ${round(y - lift)}" fill="none" stroke="${ink}" stroke-opacity="0.8" stroke-width="${round(this.unit * 0.0028)}" stroke-linecap="round"/>`;
    }
    return svg;
  }

  vignette(): string {
    const id = this.id('vignette');
    return (
      `<defs><radialGradient id="${id}" cx="0.5" cy="0.5" r="0.75"><stop offset="0.55" stop-color="#000" stop-opacity="0"/>` +
      `<stop offset="1" stop-color="#000" stop-opacity="0.38"/></radialGradient></defs>` +
      `<rect width="${this.width}" height="${this.height}" fill="url(#${id})"/>`
    );
  }

  caption(font: string): string {
    const margin = this.unit * 0.05;
    const fontSize = Math.max(12, this.unit * 0.036);
    const padding = fontSize * 0.7;
    // DejaVu/Liberation average about 0.58 em per character at this weight.
    const maxChars = Math.max(8, Math.floor((this.width - 2 * margin - 2 * padding) / (fontSize * 0.58)));
    const text = captionText(this.input.prompt, Math.min(64, maxChars));
    const cardWidth = text.length * fontSize * 0.58 + padding * 2;
    const cardHeight = fontSize + padding * 1.6;
    const y = this.height - margin - cardHeight;
    const onLight = luminance(this.palette.skyBottom) > 0.62 && !this.input.transparent;
    const ink = onLight ? '#1b1b22' : '#fbfaf7';
    return (
      `<rect x="${round(margin)}" y="${round(y)}" width="${round(cardWidth)}" height="${round(cardHeight)}" rx="${round(cardHeight / 2)}" ` +
      `fill="${onLight ? '#ffffff' : '#0c0c14'}" fill-opacity="${onLight ? 0.55 : 0.32}" stroke="#ffffff" stroke-opacity="0.25" stroke-width="${round(this.unit * 0.0015)}"/>` +
      // The generic family is for viewers of an SVG without this font installed.
      `<text x="${round(margin + padding)}" y="${round(y + cardHeight / 2 + fontSize * 0.36)}" font-family="${escapeXml(font)}, sans-serif" font-size="${round(fontSize)}" ` +
      `font-weight="600" fill="${ink}">${escapeXml(text)}</text>`
    );
  }
}
