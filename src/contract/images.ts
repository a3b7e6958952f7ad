/**
 * Input image rules for edits (openai-images.md §2b, §6) and the header sniffing that checks them: the
 * relay refuses bad files before anything goes upstream, and the studio checks its mask before upload.
 */
import { imageSize } from 'image-size';
import { invalidRequest, type ApiError } from './errors.ts';
import type { ImageRequest } from './requests.ts';
import { GPT_IMAGE_2_SIZE_RULE } from './sizes.ts';

export const INPUT_IMAGE_MIME_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;
export type InputImageMimeType = (typeof INPUT_IMAGE_MIME_TYPES)[number];

export const MAX_INPUT_IMAGE_BYTES = 50 * 1024 * 1024;
/** The SDK and spec say < 4 MB; OpenAI's skill doc says 50 MB. The documented 4 MB is the safe limit. */
export const MAX_MASK_BYTES = 4 * 1024 * 1024;
/** Enough of a file's start to find its dimensions (JPEG SOF markers sit after EXIF, up to 64 KB and more). */
export const IMAGE_HEADER_BYTES = 512 * 1024;

export interface SniffedImage {
  mimeType: InputImageMimeType;
  width: number;
  height: number;
  /** Whether the pixels can carry transparency: an alpha channel or a tRNS chunk (PNG), an alpha flag (WebP). */
  hasAlpha: boolean;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function startsWith(bytes: Uint8Array, prefix: readonly number[], offset = 0): boolean {
  return prefix.every((byte, index) => bytes[offset + index] === byte);
}

function ascii(bytes: Uint8Array, offset: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(offset, offset + length));
}

function detectMimeType(bytes: Uint8Array): InputImageMimeType | null {
  if (startsWith(bytes, PNG_SIGNATURE)) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return 'image/webp';
  return null;
}

/** PNG colour types 4 and 6 carry alpha; a tRNS chunk before IDAT adds transparency to the others. */
function pngHasAlpha(bytes: Uint8Array): boolean {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const colourType = bytes[25];
  if (colourType === 4 || colourType === 6) return true;
  let offset = 8;
  while (offset + 8 <= bytes.length) {
    const length = view.getUint32(offset);
    const type = ascii(bytes, offset + 4, 4);
    if (type === 'tRNS') return true;
    if (type === 'IDAT' || type === 'IEND') return false;
    offset += 12 + length;
  }
  return false;
}

function webpHasAlpha(bytes: Uint8Array): boolean {
  const chunk = ascii(bytes, 12, 4);
  if (chunk === 'VP8X') return ((bytes[20] ?? 0) & 0x10) !== 0;
  if (chunk === 'VP8L') return ((bytes[24] ?? 0) & 0x10) !== 0;
  return false;
}

/** Reads format, dimensions and alpha from the first bytes of a file, or null if it is not PNG/JPEG/WebP. */
export function sniffImage(head: Uint8Array): SniffedImage | null {
  const mimeType = detectMimeType(head);
  if (!mimeType) return null;
  let width: number | undefined;
  let height: number | undefined;
  try {
    // image-size reads through a DataView over the whole underlying ArrayBuffer, so a view into a larger
    // one (Node's pooled small Buffers) would let a truncated header borrow its neighbours' bytes as its
    // dimensions. A copy ends where the header ends.
    ({ width, height } = imageSize(new Uint8Array(head)));
  } catch {
    return null;
  }
  if (!width || !height) return null;
  const hasAlpha =
    mimeType === 'image/png' ? pngHasAlpha(head) : mimeType === 'image/webp' && webpHasAlpha(head);
  return { mimeType, width, height, hasAlpha };
}

/**
 * The natural size of an image the API made, in any output format (GIF and SVG included), from its first
 * bytes; null when they cannot be read. Input files go through sniffImage, which accepts fewer formats.
 */
export function outputImageSize(head: Uint8Array): { width: number; height: number } | null {
  try {
    // A copy for the reason sniffImage gives: image-size reads the whole underlying ArrayBuffer.
    const { width, height } = imageSize(new Uint8Array(head));
    return width && height ? { width, height } : null;
  } catch {
    return null;
  }
}

/** One uploaded file as the relay or studio sees it before sending. */
export interface UploadedImage {
  /** The multipart field it came in (`image`, `image[]` or `mask`). */
  field: string;
  filename: string;
  declaredType: string;
  bytes: number;
  /** What its first bytes say, or null when they are not an image we accept. */
  sniffed: SniffedImage | null;
}

/**
 * An input image of a JSON edit given as a URL or a file id: the API resolves it, so the relay checks
 * only where it stands in the request, never its bytes.
 */
export interface ReferencedImage {
  field: string;
  reference: 'url' | 'file_id';
}

export type EditInput = UploadedImage | ReferencedImage;

const isReference = (input: EditInput): input is ReferencedImage => 'reference' in input;

/**
 * The `param` OpenAI names for the i-th input image (openai-images.md §3: `image` or `image[0]` in a
 * form; a JSON edit's field names itself, e.g. `images[0].image_url`).
 */
export function imageParam(field: string, index: number): string {
  if (field === 'image[]') return `image[${index}]`;
  return field === 'image' ? 'image' : field;
}

const SUPPORTED_TYPES_TEXT = "Supported file formats are 'image/jpeg', 'image/png', and 'image/webp'.";

function checkInputFile(file: UploadedImage, param: string, maxBytes: number): ApiError | null {
  if (!(INPUT_IMAGE_MIME_TYPES as readonly string[]).includes(file.declaredType)) {
    return invalidRequest(
      param,
      `Invalid file '${param}': unsupported mimetype ('${file.declaredType}'). ${SUPPORTED_TYPES_TEXT}`,
      'unsupported_file_mimetype',
    );
  }
  if (file.bytes === 0)
    return invalidRequest(param, `Invalid file '${param}': the file is empty.`, 'invalid_image_file');
  if (file.bytes > maxBytes) {
    return invalidRequest(
      param,
      `Invalid file '${param}': ${formatBytes(file.bytes)} is over the ${formatBytes(maxBytes)} limit.`,
      'file_too_large',
    );
  }
  if (!file.sniffed) {
    return invalidRequest(
      param,
      `Invalid file '${param}' (${file.filename}): the bytes are not a readable PNG, JPEG or WebP image.`,
      'invalid_image_file',
    );
  }
  if (file.sniffed.mimeType !== file.declaredType) {
    return invalidRequest(
      param,
      `Invalid file '${param}' (${file.filename}): declared as ${file.declaredType} but the bytes are ${file.sniffed.mimeType}.`,
      'invalid_image_file',
    );
  }
  return null;
}

/** Checks the images and mask of an edit against the model's limits; the first problem wins. */
export function checkEditFiles(
  request: Pick<ImageRequest, 'model' | 'outputFormat'>,
  images: readonly EditInput[],
  mask: EditInput | null,
): ApiError | null {
  const { model } = request;
  if (images.length === 0) {
    return invalidRequest(
      'image',
      "Missing required parameter: 'image'. Send one file as 'image' or several as 'image[]'.",
      'missing_required_parameter',
    );
  }
  if (images.length > model.maxReferenceImages) {
    return invalidRequest(
      'image',
      `Too many images: ${images.length} were sent; ${model.id} accepts at most ${model.maxReferenceImages}.`,
    );
  }
  for (const [index, image] of images.entries()) {
    if (isReference(image)) continue;
    const problem = checkInputFile(image, imageParam(image.field, index), MAX_INPUT_IMAGE_BYTES);
    if (problem) return problem;
  }
  if (!mask) return null;
  if (!model.supportsMask) return invalidRequest('mask', `${model.id} does not accept a mask.`);
  // GIF output is a sheet of whole frames ([W3C-ref], trust B): it takes no mask.
  if (request.outputFormat === 'gif') {
    return invalidRequest('mask', 'GIF output takes no mask: leave the mask out, or pick a raster format.');
  }
  const first = images[0]!;
  if (isReference(mask)) return null;
  const maskProblem = checkInputFile(mask, imageParam(mask.field, 0), MAX_MASK_BYTES);
  if (maskProblem) return maskProblem;
  return isReference(first) ? null : checkMaskAgainstImage(mask.sniffed!, first.sniffed!);
}

/** The mask rules: a PNG with an alpha channel, exactly the first image's width and height. */
export function checkMaskAgainstImage(
  mask: SniffedImage,
  firstImage: { width: number; height: number },
): ApiError | null {
  if (mask.mimeType !== 'image/png') {
    return invalidRequest(
      'mask',
      `Invalid mask image format - the mask must be a PNG (got ${mask.mimeType}).`,
    );
  }
  if (!mask.hasAlpha) {
    return invalidRequest(
      'mask',
      'Invalid mask image format - mask image missing alpha channel. Transparent pixels (alpha 0) mark the area to edit.',
    );
  }
  if (mask.width !== firstImage.width || mask.height !== firstImage.height) {
    return invalidRequest(
      'mask',
      `Invalid mask image format - mask size does not match image size: the mask is ${mask.width}x${mask.height}, the first image is ${firstImage.width}x${firstImage.height}.`,
    );
  }
  return null;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** The EXIF orientation (1-8) a JPEG's header declares; 1 (as stored) when it declares none. */
export function exifOrientation(head: Uint8Array): number {
  try {
    return imageSize(head).orientation ?? 1;
  } catch {
    return 1;
  }
}

/**
 * The most pixels the studio sends as one input image. OpenAI documents no input pixel limit; larger
 * inputs are scaled down upstream anyway, so the studio stops at the largest image any model can make
 * (gpt-image-2's ceiling) and says so, rather than uploading detail that is thrown away.
 */
export const MAX_INPUT_IMAGE_PIXELS = GPT_IMAGE_2_SIZE_RULE.maxPixels;
