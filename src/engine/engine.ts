/**
 * The offline engine: for each of the request's images, renders its stages (partials when streaming,
 * then the final), encodes each in the requested format and yields the API's own stream events.
 */
import {
  formatSize,
  resolveQuality,
  resolveSize,
  type Background,
  type Dimensions,
  type ImageRequest,
  type ImageStreamEvent,
  type ImageStreamKind,
  type ResolvedQuality,
} from '../contract/index.ts';
import { blendByWeight, flattenInPlace, loadEditCanvas, restyle, type EditCanvas } from './edit.ts';
import { findCaptionFont } from './fonts.ts';
import { abortableDelay, stageDuration, type OfflineLatency } from './latency.ts';
import { readPromptStyle } from './promptStyle.ts';
import {
  encodeImage,
  planStages,
  ReferenceTiles,
  renderStage,
  type RawImage,
  type RenderStage,
} from './raster.ts';
import { buildScene, type Scene } from './scene.ts';
import { createSeededRandom } from './seededRandom.ts';
import { offlineUsage } from './usage.ts';
import type { EngineJob, OfflineEngine } from './types.ts';

export interface OfflineEngineOptions {
  latency?: OfflineLatency;
}

/**
 * `auto` becomes transparent only for an edit whose base really has transparent pixels, when the model
 * and the format can carry alpha; everything else is opaque.
 */
function resolveBackground(request: ImageRequest, edit: EditCanvas | null): Exclude<Background, 'auto'> {
  if (request.background !== 'auto') return request.background;
  const alphaPossible =
    request.model.transparentUnavailableReason === null && request.outputFormat !== 'jpeg';
  return alphaPossible && edit?.baseHasTransparency ? 'transparent' : 'opaque';
}

/** What shows through a base's transparent pixels when the output must be opaque: paper white. */
const OPAQUE_MATTE = [255, 255, 255] as const;

function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw signal.reason as Error;
}

/** One stage of one image: the scene drawn at the stage's refinement, then (for edits) merged into the base. */
async function paintStage(
  scene: Scene,
  stage: RenderStage,
  tiles: ReferenceTiles | null,
  edit: EditCanvas | null,
): Promise<RawImage> {
  if (!edit) return renderStage(scene, stage, tiles);
  if (!edit.editWeight)
    return restyle(edit.base, await renderStage(scene, stage, tiles), scene.palette, stage.layerFraction);
  if (!edit.editBox) return edit.base;
  return blendByWeight(edit.base, await renderStage(scene, stage, tiles), edit.editBox, edit.editWeight);
}

/** Everything about a job that is the same for each of its n images. */
interface PreparedJob {
  size: Dimensions;
  quality: ResolvedQuality;
  background: Exclude<Background, 'auto'>;
  edit: EditCanvas | null;
  /** What the scene is drawn for: the output, or the masked area of an edit. */
  canvas: Dimensions;
  referenceTiles: ReferenceTiles | null;
  stages: RenderStage[];
}

async function prepareJob(job: EngineJob, signal: AbortSignal): Promise<PreparedJob> {
  const { request } = job;
  const size = resolveSize(request.model.sizeRule, request.size, job.images[0]?.sniffed);
  const edit =
    request.kind === 'edit' ? await loadEditCanvas(job.images, job.mask, size.width, size.height) : null;
  throwIfAborted(signal);
  const background = resolveBackground(request, edit);
  if (edit && background === 'opaque') flattenInPlace(edit.base, OPAQUE_MATTE);
  // A masked edit composes its new content for the masked area, so a "sun" lands inside the hole.
  const canvas = edit?.editBox ?? size;
  const referenceTiles = await ReferenceTiles.load(
    job.images.slice(1).map((image) => image.path),
    canvas.width,
    canvas.height,
  );
  throwIfAborted(signal);
  return {
    size,
    quality: resolveQuality(request.quality),
    background,
    edit,
    canvas,
    referenceTiles,
    stages: planStages(request.stream ? request.partialImages : 0),
  };
}

export function createOfflineEngine(options: OfflineEngineOptions = {}): OfflineEngine {
  const latency = options.latency ?? { kind: 'none' };
  return {
    async *run(job: EngineJob, signal: AbortSignal): AsyncGenerator<ImageStreamEvent> {
      throwIfAborted(signal);
      const { request } = job;
      const { size, quality, background, edit, canvas, referenceTiles, stages } = await prepareJob(
        job,
        signal,
      );
      const transparent = background === 'transparent';
      const style = readPromptStyle(request.prompt);
      // An edit's caption would cover the part of the base the mask asked to keep.
      const captionFont = edit ? null : findCaptionFont();
      const eventKind: ImageStreamKind = request.kind === 'edit' ? 'image_edit' : 'image_generation';
      const sizeText = formatSize(size);
      const stageBudget = stageDuration(latency, quality, size.width * size.height, stages.length);

      for (let imageIndex = 0; imageIndex < request.n; imageIndex++) {
        const random = createSeededRandom(request.model.base, quality, sizeText, imageIndex, request.prompt);
        const scene = buildScene({
          ...canvas,
          prompt: request.prompt,
          style,
          quality,
          random,
          transparent,
          extraColours: edit?.colours ?? [],
          captionFont,
        });
        const tiles = referenceTiles?.arrange(random) ?? null;
        for (const [stageIndex, stage] of stages.entries()) {
          const stageStart = Date.now();
          throwIfAborted(signal);
          const pixels = await paintStage(scene, stage, tiles, edit);
          throwIfAborted(signal);
          const bytes = await encodeImage(
            pixels,
            request.outputFormat,
            request.outputCompression,
            transparent,
          );
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
              includeInput: imageIndex === 0,
            }),
          };
        }
      }
    },
  };
}
