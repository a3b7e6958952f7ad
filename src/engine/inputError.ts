/**
 * An input the relay's header sniffing accepted but whose pixels cannot be decoded (a truncated or
 * corrupt file). It carries the API error to answer with, so the client sees a 400 naming the file
 * rather than a server error.
 */
import { invalidRequest, type ApiError } from '../contract/index.ts';

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
    throw new EngineInputError(
      invalidRequest(
        param,
        `Invalid file '${param}': the image data could not be decoded (the file may be truncated or corrupt).`,
        'invalid_image_file',
      ),
      { cause: error },
    );
  }
}
