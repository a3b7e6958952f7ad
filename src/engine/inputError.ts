/**
 * An input the relay's header sniffing accepted but whose pixels cannot be decoded (a truncated or
 * corrupt file). It carries the API error to answer with, so the client sees a 400 naming the file
 * rather than a server error.
 */
import sharp, { type Sharp } from 'sharp';
import { invalidRequest, type ApiError } from '../contract/index.ts';

/**
 * The most pixels the engine decodes from one input file. sharp's own default (0x3FFF squared, 268 Mpx)
 * lets a 250 KB PNG declaring 16000x16000 take a gigabyte and half a minute to decode; 120 Mpx still takes
 * a medium-format photo (100 Mpx) whole. The relay refuses larger inputs from their header first
 * (STUDIO_MAX_INPUT_PIXELS); this is the decoder's own stop for a header that lies.
 */
export const DEFAULT_MAX_INPUT_PIXELS = 120_000_000;

/** A decode of a spooled input file that refuses, before decoding, more than `maxInputPixels` pixels. */
export function openInput(path: string, maxInputPixels: number): Sharp {
  return sharp(path, { limitInputPixels: maxInputPixels });
}

export class EngineInputError extends Error {
  constructor(
    readonly apiError: ApiError,
    options?: ErrorOptions,
  ) {
    super(apiError.body.error.message, options);
    this.name = 'EngineInputError';
  }
}

/** Runs a decode of the input named `param`, turning any failure into an EngineInputError. */
export async function decodeInput<T>(param: string, decode: () => Promise<T>): Promise<T> {
  try {
    return await decode();
  } catch (error) {
    // sharp's message can name the spooled file's path, which is ours to keep; the cause keeps it for logs.
    const overLimit = error instanceof Error && /pixel limit/i.test(error.message);
    throw new EngineInputError(
      invalidRequest(
        param,
        overLimit
          ? `Invalid file '${param}': the image has more pixels than the offline engine decodes.`
          : `Invalid file '${param}': the image data could not be decoded (the file may be truncated or corrupt).`,
        overLimit ? 'image_too_large' : 'invalid_image_file',
      ),
      { cause: error },
    );
  }
}
