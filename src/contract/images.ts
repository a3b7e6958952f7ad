/**
 * Input image rules for edits (openai-images.md §2b, §6) and the header sniffing that checks them: the
 * relay refuses bad files before anything goes upstream, and the studio checks its mask before upload.
 */
import { PNG_SIGNATURE, ascii, startsWith } from './bytes.ts';
import type { SniffedImage } from './imageHeaders.ts';
import { invalidRequest, type ApiError } from './errors.ts';
import type { ImageRequest } from './requests.ts';
import { whyNoMask } from './rules.ts';
import { GPT_IMAGE_2_SIZE_RULE } from './sizes.ts';

export const INPUT_IMAGE_MIME_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;
export type InputImageMimeType = (typeof INPUT_IMAGE_MIME_TYPES)[number];

export const MAX_INPUT_IMAGE_BYTES = 50 * 1024 * 1024;
/** The SDK and spec say < 4 MB; OpenAI's skill doc says 50 MB. The documented 4 MB is the safe limit. */
export const MAX_MASK_BYTES = 4 * 1024 * 1024;
/** Enough of a file's start to find its dimensions (JPEG SOF markers sit after EXIF, up to 64 KB and more). */
export const IMAGE_HEADER_BYTES = 512 * 1024;

/** CRC-32 (ISO 3309, the polynomial PNG uses), one table entry per byte value. */
const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, byte) => {
  let crc = byte;
  for (let bit = 0; bit < 8; bit += 1) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
  return crc >>> 0;
});

function crc32Update(crc: number, bytes: Uint8Array): number {
  let value = crc;
  for (let index = 0; index < bytes.length; index += 1) {
    value = CRC_TABLE[(value ^ bytes[index]!) & 0xff]! ^ (value >>> 8);
  }
  return value;
}

/** The bit depths each PNG colour type allows (PNG spec §11.2.2, IHDR). */
const PNG_BIT_DEPTHS: Record<number, readonly number[]> = {
  0: [1, 2, 4, 8, 16],
  2: [8, 16],
  3: [1, 2, 4, 8],
  4: [8, 16],
  6: [8, 16],
};
const MAX_CHUNK_LENGTH = 2 ** 31 - 1;

/**
 * Walks a PNG's chunk structure as its bytes arrive, in pieces of any size, keeping no more than a chunk
 * header in memory: the relay runs it over each upload as it spools, the studio over a file before it
 * sends it. It refuses what libpng (sharp's decoder, and the reference one) refuses by default: a file that
 * ends inside a chunk or before IEND, a length over 2^31-1, a type that is not four letters, a first chunk
 * other than a valid IHDR, a CRC that does not match on a critical chunk (IHDR, PLTE, IDAT, IEND), a
 * palette image without PLTE, no IDAT. A bad CRC on an ancillary chunk only drops that chunk in libpng, and
 * bytes after IEND are ignored, so neither is refused. Files that are not PNG pass: they have no chunks.
 */
export class PngChunkCheck {
  private problem: string | null = null;
  private notPng = false;
  private ended = false;
  /** The fixed-size piece being gathered: the signature, a chunk's length and type, or its CRC. */
  private readonly pending = new Uint8Array(13);
  private pendingLength = 0;
  private phase: 'signature' | 'head' | 'data' | 'crc' | 'ihdr' = 'signature';
  private chunkType = '';
  private chunkLeft = 0;
  private crc = 0;
  private chunks = 0;
  private colourType = -1;
  private sawPalette = false;
  private sawData = false;

  push(bytes: Uint8Array): void {
    let offset = 0;
    while (offset < bytes.length && !this.problem && !this.notPng && !this.ended) {
      if (this.phase === 'data') {
        const take = Math.min(this.chunkLeft, bytes.length - offset);
        if (this.isCritical()) this.crc = crc32Update(this.crc, bytes.subarray(offset, offset + take));
        this.chunkLeft -= take;
        offset += take;
        if (this.chunkLeft === 0) this.phase = 'crc';
        continue;
      }
      const wanted = this.pieceLength() - this.pendingLength;
      const take = Math.min(wanted, bytes.length - offset);
      this.pending.set(bytes.subarray(offset, offset + take), this.pendingLength);
      this.pendingLength += take;
      offset += take;
      if (this.pendingLength === this.pieceLength()) {
        this.pendingLength = 0;
        this.takePiece(this.pending.subarray(0, this.pieceLength()));
      }
    }
  }

  /** The first fault found, or null when the bytes so far, taken as the whole file, are sound. */
  finish(): string | null {
    if (this.problem || this.notPng || this.ended) return this.problem;
    return this.phase === 'head' && this.pendingLength === 0
      ? 'the file ends before its IEND chunk'
      : 'the file ends inside a chunk';
  }

  private pieceLength(): number {
    switch (this.phase) {
      case 'signature':
      case 'head':
        return 8;
      case 'ihdr':
        return 13;
      default:
        return 4;
    }
  }

  private isCritical(): boolean {
    return (
      this.chunkType === 'IHDR' ||
      this.chunkType === 'PLTE' ||
      this.chunkType === 'IDAT' ||
      this.chunkType === 'IEND'
    );
  }

  private takePiece(piece: Uint8Array): void {
    const view = new DataView(piece.buffer, piece.byteOffset, piece.byteLength);
    switch (this.phase) {
      case 'signature':
        if (startsWith(piece, PNG_SIGNATURE)) this.phase = 'head';
        else this.notPng = true;
        return;
      case 'head':
        return this.startChunk(view.getUint32(0), piece.subarray(4, 8));
      case 'ihdr':
        this.crc = crc32Update(this.crc, piece);
        this.problem = this.checkHeader(view);
        this.phase = 'crc';
        return;
      default:
        if ((this.crc ^ 0xffffffff) >>> 0 !== view.getUint32(0) && this.isCritical()) {
          this.problem = `the CRC of its ${this.chunkType} chunk does not match`;
        } else if (this.chunkType === 'IEND') this.ended = true;
        this.phase = 'head';
    }
  }

  private startChunk(length: number, typeBytes: Uint8Array): void {
    const type = ascii(typeBytes, 0, 4);
    this.chunks += 1;
    if (length > MAX_CHUNK_LENGTH) {
      this.problem = `chunk ${this.chunks} declares ${length} bytes, over the 2^31-1 a chunk may hold`;
      return;
    }
    if (!/^[A-Za-z]{4}$/.test(type)) {
      this.problem = `chunk ${this.chunks} has a type that is not four letters`;
      return;
    }
    if (this.chunks === 1 && (type !== 'IHDR' || length !== 13)) {
      this.problem = 'it does not start with a 13-byte IHDR chunk';
      return;
    }
    if (type === 'IHDR' && this.chunks > 1) {
      this.problem = 'it has a second IHDR chunk';
      return;
    }
    if (type === 'PLTE') this.sawPalette = true;
    if (type === 'IDAT') {
      if (this.colourType === 3 && !this.sawPalette) {
        this.problem = 'its palette image has no PLTE chunk before the image data';
        return;
      }
      this.sawData = true;
    }
    if (type === 'IEND' && !this.sawData) {
      this.problem = 'it has no IDAT chunk (no image data)';
      return;
    }
    this.chunkType = type;
    this.crc = crc32Update(0xffffffff, typeBytes);
    this.chunkLeft = length;
    this.phase = type === 'IHDR' ? 'ihdr' : length === 0 ? 'crc' : 'data';
  }

  private checkHeader(view: DataView): string | null {
    const width = view.getUint32(0);
    const height = view.getUint32(4);
    const bitDepth = view.getUint8(8);
    this.colourType = view.getUint8(9);
    if (width === 0 || height === 0 || width > MAX_CHUNK_LENGTH || height > MAX_CHUNK_LENGTH) {
      return `its IHDR declares an impossible size (${width}x${height})`;
    }
    if (!PNG_BIT_DEPTHS[this.colourType]?.includes(bitDepth)) {
      return `its IHDR declares colour type ${this.colourType} at bit depth ${bitDepth}, which PNG does not define`;
    }
    if (view.getUint8(10) !== 0 || view.getUint8(11) !== 0 || view.getUint8(12) > 1) {
      return 'its IHDR declares a compression, filter or interlace method PNG does not define';
    }
    return null;
  }
}

/** The first fault in a whole PNG file's chunk structure (see PngChunkCheck), or null. */
export function checkPngChunks(bytes: Uint8Array): string | null {
  const check = new PngChunkCheck();
  check.push(bytes);
  return check.finish();
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
  /** What a read of the whole file found broken in its structure (PngChunkCheck), or null. */
  damage: string | null;
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
  if (file.damage) {
    return invalidRequest(
      param,
      `Invalid file '${param}' (${file.filename}): the PNG is damaged: ${file.damage}.`,
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
  const noMask = whyNoMask(model);
  if (noMask) return invalidRequest('mask', noMask);
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

/**
 * The most pixels the studio sends as one input image. OpenAI documents no input pixel limit; larger
 * inputs are scaled down upstream anyway, so the studio stops at the largest image any model can make
 * (gpt-image-2's ceiling) and says so, rather than uploading detail that is thrown away.
 */
export const MAX_INPUT_IMAGE_PIXELS = GPT_IMAGE_2_SIZE_RULE.maxPixels;
