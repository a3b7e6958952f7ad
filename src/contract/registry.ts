/**
 * The models one provider serves: the catalogue plus the provider's own entries. One entry schema
 * describes a model, `{id, like?, label?, ...capability overrides}`: the relay reads a file of them from
 * `STUDIO_MODELS`, and each provider's `models` uses the same schema.
 */
import { z } from 'zod';
import { CATALOGUE, GIF_RULE, snapshotEntries } from './catalogue.ts';
import { COMPLEXITIES, OUTPUT_FORMATS, QUALITIES, RESULT_KINDS, type ModelCapabilities } from './models.ts';

/** Model id → what it accepts. Retired catalogue models are in it too, so a request for one is named. */
export type ModelRegistry = ReadonlyMap<string, ModelCapabilities>;

/**
 * A model a provider serves. `like` names the catalogue model (current or retired) whose facts it starts
 * from; without it, `id` must be a catalogue id and the entry overrides that model. An entry is a model
 * the provider says it serves, so it is never retired unless it gives a `shutdownDate` of its own.
 *
 * Built on first use, not as the module loads: only the relay reads entries. The studio takes this module for
 * the registry, and a schema built at load would put zod's full build (kept here for its messages, which the
 * operator reading a config error is shown) into the studio's first load for nothing.
 */
const modelEntrySchema = () =>
  z.strictObject({
    id: z.string().min(1, 'expected a model id'),
    like: z.string().min(1).optional(),
    label: z.string().min(1).optional(),
    qualities: z.array(z.enum(QUALITIES)).min(1).optional(),
    outputFormats: z.array(z.enum(OUTPUT_FORMATS)).min(1).optional(),
    transparency: z.enum(['supported', 'preview', 'none']).optional(),
    complexities: z.array(z.enum(COMPLEXITIES)).optional(),
    inputFidelity: z.enum(['supported', 'ignored', 'refused', 'unknown']).optional(),
    maxImagesPerRequest: z.int().min(1).max(10).optional(),
    maxReferenceImages: z.int().min(1).max(16).optional(),
    maxPartialImages: z.int().min(0).max(3).optional(),
    maxPromptChars: z.int().min(1).optional(),
    supportsMask: z.boolean().optional(),
    supportsSeed: z.boolean().optional(),
    supportsStreaming: z.boolean().optional(),
    /** `url` for a gateway model that answers links (gpt-image-2-c); the relay downloads them. */
    resultKind: z.enum(RESULT_KINDS).optional(),
    supportsModeration: z.boolean().optional(),
    responsesTool: z.boolean().optional(),
    pricing: z
      .strictObject({
        textInput: z.number().min(0),
        imageInput: z.number().min(0),
        imageOutput: z.number().min(0),
      })
      .optional(),
    /** US dollars per image, for a provider that bills per image rather than per token (a gateway). */
    pricePerImage: z.number().min(0).optional(),
    /** US dollars one credit costs, for a provider that bills in credits (Leonardo). */
    usdPerCredit: z.number().positive().optional(),
    shutdownDate: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
      .nullable()
      .optional(),
    replacement: z.string().min(1).nullable().optional(),
  });
export type ModelEntry = z.infer<ReturnType<typeof modelEntrySchema>>;

/** Where a list of entries breaks the schema or names a model the catalogue lacks. */
export interface ModelEntryProblem {
  /** e.g. `[2].qualities[0]`. */
  path: string;
  message: string;
}

/** A schema issue's path as a config file's reader writes it: `[2].qualities[0]`, `providers[0].kind`. */
export function pathText(path: readonly PropertyKey[]): string {
  return path
    .map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`))
    .join('')
    .replace(/^\./, '');
}

/** Reads entries from parsed JSON; the first problem names the entry, the field and why. */
export function parseModelEntries(
  json: unknown,
): { ok: true; entries: ModelEntry[] } | { ok: false; problem: ModelEntryProblem } {
  const parsed = z.array(modelEntrySchema()).safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, problem: { path: pathText(issue.path), message: issue.message } };
  }
  const known = new Set(CATALOGUE.flatMap((model) => [model.id, ...model.snapshots]));
  for (const [index, entry] of parsed.data.entries()) {
    const template = entry.like ?? entry.id;
    if (!known.has(template)) {
      return {
        ok: false,
        problem: {
          path: `[${index}].${entry.like ? 'like' : 'id'}`,
          message: entry.like
            ? `'${entry.like}' is not a catalogue model; 'like' takes one of ${[...known].join(', ')}.`
            : `'${entry.id}' is not a catalogue model, so the entry needs 'like': the catalogue model it behaves as.`,
        },
      };
    }
  }
  return { ok: true, entries: parsed.data };
}

function catalogueEntries(): ModelCapabilities[] {
  return CATALOGUE.flatMap((model) => [model, ...snapshotEntries(model)]);
}

function applyEntry(entry: ModelEntry, byId: ReadonlyMap<string, ModelCapabilities>): ModelCapabilities {
  const { like, ...overrides } = entry;
  const template = byId.get(like ?? entry.id)!;
  const formats = entry.outputFormats ?? template.outputFormats;
  return {
    ...template,
    label: entry.label ?? (like ? entry.id : template.label),
    snapshotOf: null,
    snapshots: [],
    shutdownDate: null,
    replacement: null,
    ...overrides,
    // Formats with rules of their own bring them along: an entry listing GIF gets 2.6's GIF limits.
    gif: formats.includes('gif') ? (template.gif ?? GIF_RULE) : null,
    svg: formats.includes('svg'),
  };
}

/**
 * The catalogue (with dated snapshots) and the provider's entries on top, entries winning by id. A gateway
 * serves only what it declares, so `withCatalogue: false` gives the entries alone (still built from it).
 * `supportsSeed` is the provider's protocol speaking (the offline engine, a task gateway and Leonardo take
 * a seed, OpenAI does not): every model starts from it, and an entry may still say otherwise.
 */
export function createModelRegistry(
  entries: readonly ModelEntry[] = [],
  { withCatalogue = true, supportsSeed = false }: { withCatalogue?: boolean; supportsSeed?: boolean } = {},
): ModelRegistry {
  const catalogue = new Map(
    catalogueEntries().map((model) => [model.id, supportsSeed ? { ...model, supportsSeed } : model]),
  );
  const registry = new Map(withCatalogue ? catalogue : []);
  for (const entry of entries) registry.set(entry.id, applyEntry(entry, catalogue));
  return registry;
}

/**
 * Reads the deprecated `STUDIO_MODEL_ALIASES` form, `id=like` pairs separated by commas (e.g.
 * `gpt-image-2-c=gpt-image-2`), as entries. Returns the entries, or the first pair that cannot be read.
 */
export function parseModelAliases(text: string): { entries: ModelEntry[]; invalid: string | null } {
  const entries: ModelEntry[] = [];
  const known = new Set(CATALOGUE.map((model) => model.id));
  for (const pair of text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const [id, like] = pair.split('=').map((part) => part.trim());
    if (!id || !like || !known.has(like)) return { entries, invalid: pair };
    entries.push({ id, like });
  }
  return { entries, invalid: null };
}
