/**
 * The ZIP a session is exported to and imported from: manifest.json with the records (no Blobs) and
 * each image's bytes as a file, so an import restores the same ids and the same bytes.
 *
 * The manifest is a file format other copies of Atelier read, so it keeps the names of its version 1
 * (`generations`, `batchId`, `generationId`) while storage speaks of runs and variants: the records are
 * renamed on the way out and back, and nothing else differs.
 */
import { unzipSync, Zip, ZipDeflate, ZipPassThrough, type Unzipped } from 'fflate';
import { z } from 'zod';
import {
  FILE_EXTENSION_OF_FORMAT,
  MIME_TYPE_OF_FORMAT,
  OUTPUT_FORMATS,
  type ImageRequest,
} from '../contract/index.ts';
import { InvalidExportError } from './errors.ts';
import type { ImageRecord, VariantRecord } from './records.ts';
import { sha256Hex } from './sha256.ts';

export const ARCHIVE_FORMAT = 'atelier-session';
export const ARCHIVE_VERSION = 1;
const MANIFEST_FILE = 'manifest.json';

const THUMBNAIL_TYPE = 'image/webp';

/** A variant as the manifest lists it. */
export interface ManifestGeneration extends Omit<VariantRecord, 'runId'> {
  batchId: string;
}

/** An image as the manifest lists it: its record without the Blobs, and where its bytes are. */
export interface ManifestImage extends Omit<ImageRecord, 'blob' | 'thumbnail' | 'variantId'> {
  generationId: string | null;
  file: string;
  thumbnailFile: string | null;
  thumbnailSha256: string | null;
}

export interface SessionManifest {
  format: typeof ARCHIVE_FORMAT;
  version: typeof ARCHIVE_VERSION;
  exportedAt: string;
  generations: ManifestGeneration[];
  images: ManifestImage[];
}

export interface SessionContents {
  variants: VariantRecord[];
  images: ImageRecord[];
}

const sha256Text = z.string().regex(/^[0-9a-f]{64}$/, 'expected a lower-case hex SHA-256');
const nullableText = z.string().nullable();

// Storage reads only these fields of a request; the state layer checks the rest when it reuses one.
const StoredRequest = z.looseObject({
  kind: z.enum(['generation', 'edit']),
  prompt: z.string(),
  model: z.looseObject({ id: z.string() }),
});

const BoxSchema = z.object({
  left: z.int().nonnegative(),
  top: z.int().nonnegative(),
  width: z.int().positive(),
  height: z.int().positive(),
});
const ImageSizeSchema = z.object({ width: z.int().positive(), height: z.int().positive() });

const InpaintSchema = z.object({
  kind: z.enum(['whole', 'region']),
  box: BoxSchema,
  sent: ImageSizeSchema,
  source: ImageSizeSchema,
  growPx: z.number(),
  featherPx: z.number().nonnegative(),
  driftShare: z.number().min(0).max(1).nullable(),
  notComposited: nullableText,
  colourMatch: z
    .discriminatedUnion('kind', [
      z.object({
        kind: z.literal('applied'),
        offset: z.tuple([z.number(), z.number(), z.number()]),
        gain: z.tuple([z.number(), z.number(), z.number()]),
        measuredPixels: z.int().nonnegative(),
      }),
      z.object({ kind: z.literal('skipped'), reason: z.string() }),
    ])
    .nullable()
    .optional(),
  locked: BoxSchema.nullable().optional(),
  touchUp: z
    .object({
      strokes: z.array(
        z.object({
          id: z.string(),
          mode: z.enum(['restore', 'model']),
          points: z.array(z.number()),
          size: z.number().positive(),
          hardness: z.number().min(0).max(1),
        }),
      ),
      compositeDriftShare: z.number().min(0).max(1).nullable(),
    })
    .nullable()
    .optional(),
});

const ConversationTurnSchema = z.object({
  conversationId: z.string().min(1),
  parentTurnId: nullableText,
  words: z.string(),
  mainlineModel: z.string(),
  previousResponseId: nullableText,
  resentWhole: z.boolean(),
  attachedBoard: z.boolean(),
  attachedMask: z.boolean(),
  responseId: nullableText,
  imageCallId: nullableText,
  revisedPrompt: nullableText,
  action: z.enum(['generate', 'edit']).nullable(),
  mainlineUsage: z.object({ inputTokens: z.number(), outputTokens: z.number() }).nullable(),
  toolUsageReported: z.boolean(),
  background: z.boolean().optional(),
  lastSequenceNumber: z.int().nonnegative().nullable().optional(),
  reattachedAt: z.number().nullable().optional(),
});

const GenerationSchema = z.object({
  id: z.string().min(1),
  batchId: z.string(),
  variantIndex: z.int().nonnegative(),
  variantCount: z.int().positive(),
  kind: z.enum(['generation', 'edit']),
  request: z.custom<ImageRequest>((value) => StoredRequest.safeParse(value).success, {
    message: 'expected a request with kind, prompt and model.id',
  }),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  seed: z.int().nonnegative().nullable().optional(),
  status: z.enum(['streaming', 'done', 'error', 'cancelled', 'interrupted']),
  startedAt: z.number(),
  finishedAt: z.number().nullable(),
  usage: z
    .object({ textInputTokens: z.number(), imageInputTokens: z.number(), outputTokens: z.number() })
    .nullable(),
  costDollars: z.number().nullable(),
  error: z
    .object({
      message: z.string(),
      param: nullableText,
      code: nullableText,
      status: z.number(),
      requestId: nullableText,
    })
    .nullable(),
  parentImageId: nullableText,
  inputImageIds: z.array(z.string()),
  maskImageId: nullableText,
  tabId: z.string(),
  deletedAt: z.number().nullable(),
  inpaint: InpaintSchema.nullable().optional(),
  conversation: ConversationTurnSchema.nullable().optional(),
}) satisfies z.ZodType<ManifestGeneration>;

const ManifestImageSchema = z.object({
  id: z.string().min(1),
  generationId: nullableText,
  role: z.enum(['partial', 'final', 'input', 'mask', 'raw', 'drift', 'composite', 'composite-drift']),
  sequence: z.int().nonnegative(),
  format: z.enum(OUTPUT_FORMATS),
  width: z.int().positive(),
  height: z.int().positive(),
  sha256: sha256Text,
  name: nullableText,
  createdAt: z.number(),
  file: z.string(),
  thumbnailFile: nullableText,
  thumbnailSha256: sha256Text.nullable(),
}) satisfies z.ZodType<ManifestImage>;

// Checked first on its own so a file from elsewhere is named as such, not as a list of missing fields.
const ManifestHeader = z.looseObject({ format: z.literal(ARCHIVE_FORMAT), version: z.number() });

const ManifestSchema = z.object({
  format: z.literal(ARCHIVE_FORMAT),
  version: z.literal(ARCHIVE_VERSION),
  exportedAt: z.string(),
  generations: z.array(GenerationSchema),
  images: z.array(ManifestImageSchema),
});

function imageFile(image: Pick<ImageRecord, 'id' | 'format'>): string {
  return `images/${image.id}.${FILE_EXTENSION_OF_FORMAT[image.format]}`;
}

async function bytesOf(blob: Blob): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await blob.arrayBuffer());
}

/** Builds the ZIP. Images are stored, not deflated: PNG, JPEG and WebP are compressed already. */
export async function buildSessionZip(contents: SessionContents, exportedAt: Date): Promise<Blob> {
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  const failures: Error[] = [];
  const archive = new Zip((error, chunk) => {
    if (error) failures.push(error);
    else chunks.push(chunk as Uint8Array<ArrayBuffer>);
  });
  const addStored = (name: string, bytes: Uint8Array) => {
    const file = new ZipPassThrough(name);
    archive.add(file);
    file.push(bytes, true);
  };

  const manifestImages: ManifestImage[] = [];
  for (const { blob, thumbnail, variantId, ...meta } of contents.images) {
    const file = imageFile(meta);
    addStored(file, await bytesOf(blob));
    let thumbnailFile: string | null = null;
    let thumbnailSha256: string | null = null;
    if (thumbnail) {
      const thumbnailBytes = await bytesOf(thumbnail);
      thumbnailFile = `thumbnails/${meta.id}.webp`;
      thumbnailSha256 = await sha256Hex(thumbnailBytes);
      addStored(thumbnailFile, thumbnailBytes);
    }
    manifestImages.push({ ...meta, generationId: variantId, file, thumbnailFile, thumbnailSha256 });
  }

  const manifest: SessionManifest = {
    format: ARCHIVE_FORMAT,
    version: ARCHIVE_VERSION,
    exportedAt: exportedAt.toISOString(),
    generations: contents.variants.map(({ runId, ...variant }) => ({ ...variant, batchId: runId })),
    images: manifestImages,
  };
  const manifestFile = new ZipDeflate(MANIFEST_FILE, { level: 6 });
  archive.add(manifestFile);
  manifestFile.push(new TextEncoder().encode(JSON.stringify(manifest, null, 2)), true);
  archive.end();
  if (failures[0]) throw failures[0];
  return new Blob(chunks, { type: 'application/zip' });
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'its manifest is not valid';
  const path = issue.path.length ? issue.path.join('.') : 'the manifest';
  return `${MANIFEST_FILE} has a problem at ${path}: ${issue.message}`;
}

function parseManifest(files: Unzipped, fileName: string): SessionManifest {
  const bytes = files[MANIFEST_FILE];
  if (!bytes) {
    throw new InvalidExportError(`${fileName} is not an Atelier export: it has no ${MANIFEST_FILE}.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new InvalidExportError(`${fileName} is not an Atelier export: its ${MANIFEST_FILE} is not JSON.`);
  }
  const header = ManifestHeader.safeParse(json);
  if (!header.success) {
    throw new InvalidExportError(
      `${fileName} is not an Atelier export: its ${MANIFEST_FILE} is from something else.`,
    );
  }
  if (header.data.version !== ARCHIVE_VERSION) {
    throw new InvalidExportError(
      `${fileName} was exported by a different version of Atelier (format version ${header.data.version}); ` +
        `this one reads version ${ARCHIVE_VERSION}.`,
    );
  }
  const manifest = ManifestSchema.safeParse(json);
  if (!manifest.success) {
    throw new InvalidExportError(
      `${fileName} is not a valid Atelier export: ${describeIssue(manifest.error)}.`,
    );
  }
  return manifest.data;
}

async function verifiedFile(
  files: Unzipped,
  fileName: string,
  path: string,
  sha256: string,
): Promise<Uint8Array<ArrayBuffer>> {
  const bytes = files[path];
  if (!bytes) throw new InvalidExportError(`${fileName} is incomplete: ${path} is missing.`);
  // fflate hands each entry back in a fresh ArrayBuffer of its own, never a shared one.
  const owned = bytes as Uint8Array<ArrayBuffer>;
  if ((await sha256Hex(owned)) !== sha256) {
    throw new InvalidExportError(
      `${fileName} is damaged: the bytes of ${path} do not match the checksum in ${MANIFEST_FILE}, so nothing was imported.`,
    );
  }
  return owned;
}

/** Reads and checks a ZIP made by buildSessionZip; every file's bytes are verified before anything is returned. */
export async function readSessionZip(zip: Blob): Promise<SessionContents> {
  const fileName = zip instanceof File && zip.name ? zip.name : 'This file';
  let files: Unzipped;
  try {
    files = unzipSync(new Uint8Array(await zip.arrayBuffer()));
  } catch {
    throw new InvalidExportError(`${fileName} is not an Atelier export: it is not a ZIP archive.`);
  }
  const manifest = parseManifest(files, fileName);
  const images: ImageRecord[] = [];
  for (const { file, thumbnailFile, thumbnailSha256, generationId, ...meta } of manifest.images) {
    const bytes = await verifiedFile(files, fileName, file, meta.sha256);
    const thumbnail =
      thumbnailFile && thumbnailSha256
        ? new Blob([await verifiedFile(files, fileName, thumbnailFile, thumbnailSha256)], {
            type: THUMBNAIL_TYPE,
          })
        : null;
    images.push({
      ...meta,
      variantId: generationId,
      blob: new Blob([bytes], { type: MIME_TYPE_OF_FORMAT[meta.format] }),
      thumbnail,
    });
  }
  const variants = manifest.generations.map(({ batchId, ...variant }) => ({ ...variant, runId: batchId }));
  return { variants, images };
}
