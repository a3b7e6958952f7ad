/**
 * The model catalogue as of 2026-12-01 (openai-images-2026-12.md §2–§5, openai-images.md §2, §4–§7). Each
 * model states every fact with its source and certainty; `modelStatus` reads the lifecycle against today's
 * date, so a shutdown date takes effect on the day without a code change. Retired models stay here so a
 * gateway entry can be `like` one and a request naming one gets a refusal that names its replacement.
 */
import {
  COMPLEXITIES,
  QUALITIES,
  RASTER_FORMATS,
  certaintyOfTrust,
  type FactNote,
  type GifRule,
  type ModelCapabilities,
  type ModelFacts,
  type Trust,
} from './models.ts';
import { GPT_IMAGE_1_SIZE_RULE, GPT_IMAGE_2_SIZE_RULE } from './sizes.ts';

function fact(trust: Trust | null, source: string, text: string): FactNote {
  return { certainty: certaintyOfTrust(trust), trust, source, text };
}

/** GPT Image 2.6's GIF limits ([W3C-ref] edit reference, [CODEX] defaults; trust B). */
export const GIF_RULE: GifRule = {
  minFrames: 2,
  maxFrames: 16,
  defaultFrames: 9,
  minFrameDurationMs: 20,
  maxFrameDurationMs: 655_350,
  defaultFrameDurationMs: 200,
};

const GPT_IMAGE_COMMON = {
  snapshotOf: null,
  maxImagesPerRequest: 10,
  maxReferenceImages: 16,
  supportsMask: true,
  // OpenAI's Image API takes no seed; providers that do declare it on their model entries.
  supportsSeed: false,
  supportsStreaming: true,
  maxPartialImages: 3,
  resultKind: 'b64',
  supportsModeration: true,
  maxPromptChars: 32_000,
  complexities: [],
  gif: null,
  svg: false,
} as const;

const TWO_X_PRICING = { textInput: 5, imageInput: 8, imageOutput: 30 } as const;
const FIXED_QUALITIES = ['low', 'medium', 'high', 'auto'] as const;

/** Facts every GPT Image model shares, from the August SDK and spec ([N-img], [OAS]; trust A). */
const SHARED_FACTS = {
  streaming: fact('A', '[N-img], [OAS]', 'Streams 0–3 partial images before the final one.'),
  mask: fact('A', '[N-img], [OAS]', 'Takes a mask: a PNG with alpha at the first image’s size, under 4 MB.'),
  referenceImages: fact('A', '[OAS] maxItems 16', 'Edits take up to 16 input images, each under 50 MB.'),
  imagesPerRequest: fact('A', '[N-img]', '1 to 10 images per request.'),
  moderation: fact('A', '[N-img]', 'Moderation low or auto.'),
} as const satisfies Partial<ModelFacts>;

const NO_COMPLEXITY = fact(
  'A',
  '[DOC-guide]',
  'No complexity setting: the planning depth is fixed (complexity is new in GPT Image 2.6).',
);
const NO_GIF = fact('B', '[DOC-guide] ko-KR, [PY-3.22]', 'No animated GIF output (new in GPT Image 2.6).');
const NO_SVG = fact('B', '[DOC-guide] ko-KR, [PY-3.22]', 'No SVG output (new in GPT Image 2.6).');

function retiredFacts(
  shutdown: string,
  replacement: string,
  inputFidelity: FactNote,
  transparency: FactNote,
): ModelFacts {
  return {
    ...SHARED_FACTS,
    lifecycle: fact('A', '[DOC-depr]', `Shut down on ${shutdown}; OpenAI names ${replacement} instead.`),
    sizes: fact('A', '[N-img]', 'Three sizes: 1024 × 1024, 1536 × 1024 and 1024 × 1536.'),
    minPixels: fact('A', '[N-img]', 'Fixed sizes only.'),
    qualities: fact('A', '[N-img]', 'Quality low, medium, high or auto.'),
    outputFormats: fact('A', '[N-img]', 'PNG, JPEG or WebP.'),
    transparency,
    complexity: NO_COMPLEXITY,
    gif: NO_GIF,
    svg: NO_SVG,
    inputFidelity,
    responsesTool: fact('A', '[N-0821]', 'Was a Responses image tool model.'),
    pricing: fact(
      'C',
      '[3P-price]',
      'Priced from OpenAI’s published per-image tables, quoted by third parties.',
    ),
  };
}

const RETIRED_TRANSPARENCY = fact('A', '[N-img]', 'Transparent backgrounds with PNG or WebP.');
const FIDELITY_SUPPORTED = fact('A', '[N-img]', 'input_fidelity low (default) or high on edits.');

const GPT_IMAGE_1_5: ModelCapabilities = {
  ...GPT_IMAGE_COMMON,
  id: 'gpt-image-1.5',
  label: 'GPT Image 1.5',
  family: 'gpt-image-1.5',
  like: 'gpt-image-1.5',
  snapshots: ['gpt-image-1.5-2025-12-16'],
  released: '2025-12-16',
  shutdownDate: '2026-12-01',
  replacement: 'gpt-image-2.6-sunburst',
  sizeRule: GPT_IMAGE_1_SIZE_RULE,
  qualities: FIXED_QUALITIES,
  outputFormats: RASTER_FORMATS,
  transparency: 'supported',
  inputFidelity: 'supported',
  responsesTool: true,
  pricing: { textInput: 5, imageInput: 8, imageOutput: 32 },
  tokenFormula: 'gpt-image-1',
  estimatedQualities: ['low', 'medium', 'high'],
  facts: retiredFacts('2026-12-01', 'gpt-image-2.6-sunburst', FIDELITY_SUPPORTED, RETIRED_TRANSPARENCY),
};

const GPT_IMAGE_1: ModelCapabilities = {
  ...GPT_IMAGE_1_5,
  id: 'gpt-image-1',
  label: 'GPT Image 1',
  family: 'gpt-image-1',
  like: 'gpt-image-1',
  snapshots: [],
  released: '2025-04-23',
  shutdownDate: '2026-10-23',
  replacement: 'gpt-image-2.5-sunburst',
  pricing: { textInput: 5, imageInput: 10, imageOutput: 40 },
  facts: {
    ...retiredFacts('2026-10-23', 'gpt-image-2.5-sunburst', FIDELITY_SUPPORTED, RETIRED_TRANSPARENCY),
    lifecycle: fact(
      'B',
      '[W3C-ref], [DEVTO] Fabric',
      'Shut down on 2026-10-23; OpenAI names gpt-image-2.5-sunburst or -flare instead.',
    ),
  },
};

const GPT_IMAGE_1_MINI: ModelCapabilities = {
  ...GPT_IMAGE_1_5,
  id: 'gpt-image-1-mini',
  label: 'GPT Image 1 mini',
  family: 'gpt-image-1-mini',
  like: 'gpt-image-1-mini',
  snapshots: [],
  released: '2025-10-06',
  inputFidelity: 'refused',
  pricing: { textInput: 2, imageInput: 2.5, imageOutput: 8 },
  facts: retiredFacts(
    '2026-12-01',
    'gpt-image-2.6-sunburst',
    fact('A', '[N-img]', 'Does not accept input_fidelity.'),
    RETIRED_TRANSPARENCY,
  ),
};

const CHATGPT_IMAGE_LATEST: ModelCapabilities = {
  ...GPT_IMAGE_1_5,
  id: 'chatgpt-image-latest',
  label: 'ChatGPT Image (latest)',
  like: 'chatgpt-image-latest',
  snapshots: [],
  released: null,
  responsesTool: true,
};

const DALL_E_COMMON = {
  ...GPT_IMAGE_1_5,
  family: 'dall-e',
  snapshots: [],
  released: null,
  shutdownDate: '2026-05-12',
  replacement: null,
  responsesTool: false,
  facts: {
    ...retiredFacts('2026-05-12', 'a GPT Image model', FIDELITY_SUPPORTED, RETIRED_TRANSPARENCY),
    lifecycle: fact('B', '[GH-0921]', 'Shut down on 2026-05-12.'),
  },
} as const satisfies Partial<ModelCapabilities>;

const GPT_IMAGE_2_FACTS: ModelFacts = {
  ...SHARED_FACTS,
  lifecycle: fact('B', '[W3C-ref], [DOC-depr]', 'Released 2026-04-21; no shutdown announced.'),
  sizes: fact(
    'A',
    '[PY-3.22]',
    'Any width × height with both edges multiples of 16, an aspect ratio within 3:1, at most 3840 × 2160 pixels; above 2560 × 1440 is experimental.',
  ),
  minPixels: fact(
    'C',
    '[SKILL], [FORUM-calc]',
    'At least 655,360 pixels (1024 × 640): only in OpenAI’s skill notes and calculators. Smaller sizes are sent on and the API decides.',
  ),
  qualities: fact(
    'A',
    '[PY-3.22]',
    'Quality low, medium, high or auto; xhigh and max are for 2.5 and 2.6 only.',
  ),
  outputFormats: fact('A', '[PY-3.22]', 'PNG, JPEG or WebP.'),
  transparency: fact(
    'A',
    '[PY-3.22]',
    'Transparent backgrounds are "in preview" on gpt-image-2: they may come back opaque. PNG or WebP only.',
  ),
  complexity: NO_COMPLEXITY,
  gif: NO_GIF,
  svg: NO_SVG,
  inputFidelity: fact(
    'A',
    '[PY-3.22]',
    'The API ignores input_fidelity on gpt-image-2: inputs are always read at high fidelity. The studio leaves it out.',
  ),
  responsesTool: fact('A', '[N-0821]', 'Works as the Responses API image tool’s model.'),
  pricing: fact(
    'C',
    '[FORUM-calc], [3P-price]',
    'Rates $5 text in, $8 image in, $30 image out per million tokens; output tokens by a community formula that reproduces OpenAI’s calculator.',
  ),
};

const GPT_IMAGE_2: ModelCapabilities = {
  ...GPT_IMAGE_COMMON,
  id: 'gpt-image-2',
  label: 'GPT Image 2',
  family: 'gpt-image-2',
  like: 'gpt-image-2',
  snapshots: ['gpt-image-2-2026-04-21'],
  released: '2026-04-21',
  shutdownDate: null,
  replacement: null,
  sizeRule: GPT_IMAGE_2_SIZE_RULE,
  qualities: FIXED_QUALITIES,
  outputFormats: RASTER_FORMATS,
  transparency: 'preview',
  inputFidelity: 'ignored',
  responsesTool: true,
  pricing: TWO_X_PRICING,
  tokenFormula: 'gpt-image-2',
  estimatedQualities: ['low', 'medium', 'high'],
  facts: GPT_IMAGE_2_FACTS,
};

const GPT_IMAGE_2_5_FACTS: ModelFacts = {
  ...GPT_IMAGE_2_FACTS,
  lifecycle: fact('A', '[PY-3.22], [PY-3.10]', 'Released 2026-09-08, with the dated snapshot -2026-09-08.'),
  sizes: fact('A', '[PY-3.22]', GPT_IMAGE_2_FACTS.sizes.text),
  qualities: fact('A', '[PY-3.22]', 'Quality low, medium, high, xhigh, max or auto.'),
  transparency: fact(
    'A',
    '[PY-3.22], [DOC-ref]',
    'Transparent and opaque backgrounds; transparent needs PNG or WebP.',
  ),
  mask: fact('C', '[ASYNC], [COMFY]', 'Takes a mask like gpt-image-2 (third-party documentation).'),
  referenceImages: fact('C', '[ASYNC]', 'Up to 16 input images (third-party documentation of the spec).'),
  imagesPerRequest: fact('C', '[SKILL-W], [GW]', '1 to 10 images per request (third-party documentation).'),
  moderation: fact('B', '[N-7423]', 'Moderation low or auto.'),
  streaming: fact('B', '[N-7423]', 'Streams 0–3 partial images before the final one.'),
  inputFidelity: fact(
    null,
    '[GH-0921]',
    'No official word on input_fidelity. The studio leaves it out; the relay passes it on if a client sends it.',
  ),
  responsesTool: fact('A', '[DOC-guide]', 'Works as the Responses API image tool’s model.'),
  pricing: fact(
    'C',
    '[GW], [APIYI], [COMFY]',
    'Same rates as gpt-image-2. Low, medium and high are estimated with gpt-image-2’s formula; xhigh and max have no published token counts, so they are priced from the usage after the run.',
  ),
};

function gptImage25(variant: 'flare' | 'sunburst'): ModelCapabilities {
  const id = `gpt-image-2.5-${variant}`;
  return {
    ...GPT_IMAGE_2,
    id,
    label: `GPT Image 2.5 ${variant === 'flare' ? 'Flare' : 'Sunburst'}`,
    family: 'gpt-image-2.5',
    like: id,
    snapshots: [`${id}-2026-09-08`],
    released: '2026-09-08',
    qualities: QUALITIES,
    transparency: 'supported',
    inputFidelity: 'unknown',
    facts: GPT_IMAGE_2_5_FACTS,
  };
}

const GPT_IMAGE_2_6_FACTS: ModelFacts = {
  ...GPT_IMAGE_2_5_FACTS,
  lifecycle: fact('B', '[W3C-ref], [DOC-m26]', 'Released 2026-11-04; no dated snapshot listed.'),
  sizes: fact(
    'C',
    '[COMFY], [APIYI], [REPL]',
    'Reported to follow the 2.5 size rule (multiples of 16, within 3:1, at most 3840 × 2160). No official text yet, so the relay sends any size on and the API decides.',
  ),
  minPixels: fact('C', '[COMFY]', GPT_IMAGE_2_FACTS.minPixels.text),
  qualities: fact('B', '[N-7423], [REPL]', 'Quality low, medium, high, xhigh, max or auto.'),
  outputFormats: fact('B', '[DOC-guide] ko-KR, [W3C-ref]', 'PNG, JPEG, WebP, animated GIF or SVG.'),
  transparency: fact(
    'C',
    '[APIYI] FAQ',
    'Transparent backgrounds with PNG, WebP, GIF (1-bit) or SVG (no background shape).',
  ),
  complexity: fact(
    'A',
    '[DOC-guide] ko-KR, [W3C-ref]',
    'Complexity low, medium or high (default high): how much the model plans the scene, at no extra charge.',
  ),
  gif: fact(
    'B',
    '[W3C-ref], [CODEX]',
    'Animated GIF: 2–16 frames (default 9), at least 20 ms a frame (default 200). No streaming, partial images, mask or compression. GIF on edits is unconfirmed.',
  ),
  svg: fact(
    'C',
    '[APIYI], [REPL]',
    'SVG on generations only, one image per request, written by a text model named in svg.model (required). Streaming SVG is unknown, so the studio sends it non-streamed.',
  ),
  responsesTool: fact(
    null,
    '[N-7423], [DOC-guide]',
    'Not in the Responses image tool’s model list; its new features are Images API only.',
  ),
  pricing: fact(
    'A',
    '[DOC-m26]',
    'Rates $5 text in, $8 image in, $30 image out per million tokens, but no token counts are published: every 2.6 request is priced from its usage after the run.',
  ),
};

function gptImage26(variant: 'flare' | 'sunburst'): ModelCapabilities {
  const id = `gpt-image-2.6-${variant}`;
  return {
    ...gptImage25(variant),
    id,
    label: `GPT Image 2.6 ${variant === 'flare' ? 'Flare' : 'Sunburst'}`,
    family: 'gpt-image-2.6',
    like: id,
    snapshots: [],
    released: '2026-11-04',
    outputFormats: [...RASTER_FORMATS, 'gif', 'svg'],
    complexities: COMPLEXITIES,
    gif: GIF_RULE,
    svg: true,
    responsesTool: false,
    estimatedQualities: [],
    facts: GPT_IMAGE_2_6_FACTS,
  };
}

/** Every model the catalogue knows, newest first: the order of the model picker. */
export const CATALOGUE: readonly ModelCapabilities[] = [
  gptImage26('flare'),
  gptImage26('sunburst'),
  gptImage25('flare'),
  gptImage25('sunburst'),
  GPT_IMAGE_2,
  GPT_IMAGE_1_5,
  GPT_IMAGE_1_MINI,
  CHATGPT_IMAGE_LATEST,
  GPT_IMAGE_1,
  { ...DALL_E_COMMON, id: 'dall-e-3', label: 'DALL·E 3', like: 'dall-e-3' },
  { ...DALL_E_COMMON, id: 'dall-e-2', label: 'DALL·E 2', like: 'dall-e-2' },
];

/** A catalogue model by id; throws for an id the catalogue does not hold (a programming error). */
export function catalogueModel(id: string): ModelCapabilities {
  const model = CATALOGUE.find((entry) => entry.id === id);
  if (!model) throw new Error(`No catalogue model '${id}'.`);
  return model;
}

/** The dated snapshots as entries of their own: the same facts, pinned. */
export function snapshotEntries(model: ModelCapabilities): ModelCapabilities[] {
  return model.snapshots.map((id) => ({
    ...model,
    id,
    label: `${model.label} (${id.slice(-10)})`,
    snapshotOf: model.id,
  }));
}

/**
 * The studio's default: a current model whose facts are confirmed in the official SDK ([PY-3.22]), and
 * the faster of the pair, for prompt iteration.
 */
export const DEFAULT_MODEL = 'gpt-image-2.5-flare';

/**
 * The text model the studio names as the SVG author when the designer picks none: the one the sources'
 * examples use ([APIYI], trust C). Any text model the account can use may be named instead.
 */
export const DEFAULT_SVG_AUTHOR_MODEL = 'gpt-5.6-terra';
