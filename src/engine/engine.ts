/**
 * The offline engine: for each of the request's images, renders its stages (partials when streaming,
 * then the final), encodes each in the requested format (raster, an animated GIF, or the scene as SVG)
 * and yields the API's own stream events.
 */
import {
  formatSize,
  resolveQuality,
  resolveSize,
  type Background,
  type Complexity,
  type Dimensions,
  type ImageRequest,
  type ImageStreamEvent,
  type ImageStreamKind,
  type ResolvedQuality,
} from '../contract/index.ts';
import {
  applyDrift,
  blendByWeight,
  driftField,
  flattenInPlace,
  loadEditCanvas,
  restyle,
  type EditCanvas,
} from './edit.ts';
import { findCaptionFont } from './fonts.ts';
import { DEFAULT_MAX_INPUT_PIXELS } from './inputError.ts';
import { encodeGif, gifTiming, type GifTiming } from './gif.ts';
import { abortableDelay, stageDuration, type OfflineLatency } from './latency.ts';
import { readPromptStyle } from './promptStyle.ts';
import {
  encodeImage,
  planStages,
  ReferenceTiles,
  renderStage,
  stageLayerCount,
  type RawImage,
  type RenderStage,
} from './raster.ts';
import { buildScene, sceneToSvg, type Scene } from './scene.ts';
import { createSeededRandom } from './seededRandom.ts';
import { offlineUsage } from './usage.ts';
import type { EngineJob, OfflineEngine } from './types.ts';

export interface OfflineEngineOptions {
  latency?: OfflineLatency;
  /** The most pixels one input image may decode to (default DEFAULT_MAX_INPUT_PIXELS). */
  maxInputPixels?: number;
}

/**
 * `auto` becomes transparent only for an edit whose base really has transparent pixels, when the model
 * and the format can carry alpha; everything else is opaque.
 */
function resolveBackground(request: ImageRequest, edit: EditCanvas | null): Exclude<Background, 'auto'> {
  if (request.background !== 'auto') return request.background;
  const alphaPossible = request.model.transparency !== 'none' && request.outputFormat !== 'jpeg';
  return alphaPossible && edit?.baseHasTransparency ? 'transparent' : 'opaque';
}

/** What shows through a base's transparent pixels when the output must be opaque: paper white. */
const OPAQUE_MATTE = [255, 255, 255] as const;

function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw signal.reason as Error;
}

/** What one of the request's images is drawn from. */
interface ImagePlan {
  scene: Scene;
  tiles: ReferenceTiles | null;
  /** For a masked edit, how this image strays from the base outside the mask (see `driftField`). */
  drift: Buffer | null;
}

/**
 * One stage of one image, `phase` (0..1) of the way through its animation: the scene drawn at the stage's
 * refinement, then (for edits) merged into the base.
 */
async function paintStage(
  { scene, tiles, drift }: ImagePlan,
  stage: RenderStage,
  edit: EditCanvas | null,
  phase = 0,
): Promise<RawImage> {
  const draw = () => renderStage(scene, stage, tiles, phase);
  if (!edit) return draw();
  if (!edit.editWeight || !drift) return restyle(edit.base, await draw(), scene.palette, stage.layerFraction);
  // Like the real models, the output drifts even when the mask asks for no change.
  if (!edit.editBox) return applyDrift(edit.base, drift);
  return blendByWeight(edit.base, await draw(), edit.editBox, edit.editWeight, drift);
}

/** Everything about a job that is the same for each of its n images. */
interface PreparedJob {
  size: Dimensions;
  quality: ResolvedQuality;
  planning: Complexity;
  background: Exclude<Background, 'auto'>;
  /** Frames and their duration for GIF output; null for a still image. */
  gif: GifTiming | null;
  edit: EditCanvas | null;
  /** What the scene is drawn for: the output, or the masked area of an edit. */
  canvas: Dimensions;
  referenceTiles: ReferenceTiles | null;
  stages: RenderStage[];
}

async function prepareJob(job: EngineJob, signal: AbortSignal, maxInputPixels: number): Promise<PreparedJob> {
  const { request } = job;
  const size = resolveSize(request.model.sizeRule, request.size, job.images[0]?.sniffed);
  const edit =
    request.kind === 'edit' ? await loadEditCanvas(job.images, job.mask, { ...size, maxInputPixels }) : null;
  throwIfAborted(signal);
  const background = resolveBackground(request, edit);
  if (edit && background === 'opaque') flattenInPlace(edit.base, OPAQUE_MATTE);
  // A masked edit composes its new content for the masked area, so a "sun" lands inside the hole.
  const canvas = edit?.editBox ?? size;
  const referenceTiles = await ReferenceTiles.load(
    job.images.slice(1).map((image) => image.path),
    canvas.width,
    canvas.height,
    maxInputPixels,
  );
  throwIfAborted(signal);
  return {
    size,
    quality: resolveQuality(request.quality),
    // Complexity is GPT Image 2.6's, planned at high when not sent; the other models' planning depth is
    // fixed, and the engine draws it as the full plan too.
    planning: request.complexity ?? 'high',
    background,
    gif: request.outputFormat === 'gif' ? gifTiming(request) : null,
    edit,
    canvas,
    referenceTiles,
    stages: planStages(request.stream ? request.partialImages : 0),
  };
}

/** One stage of one image as the bytes of the requested format. */
async function renderImage(
  prepared: PreparedJob,
  request: ImageRequest,
  plan: ImagePlan,
  stage: RenderStage,
  signal: AbortSignal,
): Promise<Buffer> {
  const { size, edit, gif } = prepared;
  const transparent = prepared.background === 'transparent';
  switch (request.outputFormat) {
    case 'svg':
      // The scene itself, as vectors: SVG output is for generations only, so there is no base to merge.
      return Buffer.from(sceneToSvg(plan.scene, size.width, size.height, stageLayerCount(plan.scene, stage)));
    case 'gif': {
      // prepareJob sets the timing for every GIF request.
      const { frameCount, frameDurationMs } = gif!;
      const frames: RawImage[] = [];
      for (let frame = 0; frame < frameCount; frame++) {
        throwIfAborted(signal);
        frames.push(await paintStage(plan, stage, edit, frame / frameCount));
      }
      return encodeGif(frames, frameDurationMs, transparent);
    }
    default:
      return encodeImage(
        await paintStage(plan, stage, edit),
        request.outputFormat,
        request.outputCompression,
        transparent,
      );
  }
}

/**
 * Which picture of a prompt an image is. A request's `seed` (the extension seeded providers share) names it
 * whatever variant the studio numbers the request as, so the same seed paints the same image again; the
 * request's own images still differ (seed, seed + 1, …), as n images of one seeded request do upstream.
 * Without a seed the variant index decides, as before.
 */
function pictureKey(seed: number | null, variant: number, imageIndex: number): string | number {
  return seed === null ? variant : `seed:${seed + imageIndex}`;
}

export function createOfflineEngine(options: OfflineEngineOptions = {}): OfflineEngine {
  const latency = options.latency ?? { kind: 'none' };
  const maxInputPixels = options.maxInputPixels ?? DEFAULT_MAX_INPUT_PIXELS;
  return {
    async *run(job: EngineJob, signal: AbortSignal): AsyncGenerator<ImageStreamEvent> {
      throwIfAborted(signal);
      const { request } = job;
      const prepared = await prepareJob(job, signal, maxInputPixels);
      const { size, quality, planning, background, gif, edit, canvas, referenceTiles, stages } = prepared;
      const style = readPromptStyle(request.prompt);
      // An edit's caption would cover the part of the base the mask asked to keep.
      const captionFont = edit ? null : findCaptionFont();
      const eventKind: ImageStreamKind = request.kind === 'edit' ? 'image_edit' : 'image_generation';
      const sizeText = formatSize(size);
      const stageBudget = stageDuration(latency, quality, size.width * size.height, stages.length);

      for (let imageIndex = 0; imageIndex < request.n; imageIndex++) {
        // `like` names the catalogue model an entry behaves as, so a dated snapshot paints as its model.
        // Quality and complexity stay out of the seed: a higher one refines the same picture.
        const random = createSeededRandom(
          request.model.like,
          sizeText,
          pictureKey(request.seed, job.variantIndex + imageIndex, imageIndex),
          request.prompt,
        );
        const scene = buildScene({
          ...canvas,
          prompt: request.prompt,
          style,
          quality,
          planning,
          random,
          transparent: background === 'transparent',
          extraColours: edit?.colours ?? [],
          captionFont,
        });
        const plan: ImagePlan = {
          scene,
          tiles: referenceTiles?.arrange(random.fork('tiles')) ?? null,
          drift: edit?.editWeight ? driftField(random.fork('drift'), size.width, size.height) : null,
        };
        for (const [stageIndex, stage] of stages.entries()) {
          const stageStart = Date.now();
          throwIfAborted(signal);
          const bytes = await renderImage(prepared, request, plan, stage, signal);
          throwIfAborted(signal);
          await abortableDelay(stageBudget - (Date.now() - stageStart), signal);
          const fields = {
            b64_json: bytes.toString('base64'),
            created_at: Math.floor(Date.now() / 1000),
            size: sizeText,
            quality,
            background,
            output_format: request.outputFormat,
          };
          if (stageIndex < stages.length - 1) {
            yield { type: `${eventKind}.partial_image`, partial_image_index: stageIndex, ...fields };
            continue;
          }
          yield {
            type: `${eventKind}.completed`,
            ...fields,
            usage: offlineUsage({
              request,
              size,
              quality,
              inputImages: job.images.map((image) => image.sniffed),
              partialsSent: stages.length - 1,
              frames: gif?.frameCount ?? 1,
              includeInput: imageIndex === 0,
            }),
          };
        }
      }
    },
  };
}
