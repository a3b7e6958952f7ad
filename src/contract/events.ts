/**
 * Response and stream event shapes of the Images API (openai-images.md §2c, §2d).
 */
import { apiError, type ApiError } from './errors.ts';
import type { Background, OutputFormat, ResolvedQuality, Quality } from './models.ts';

export interface ImagesUsage {
  input_tokens: number;
  input_tokens_details: { image_tokens: number; text_tokens: number };
  output_tokens: number;
  total_tokens: number;
  output_tokens_details?: { image_tokens: number; text_tokens: number };
}

export interface ImagesResponse {
  created: number;
  data: { b64_json: string }[];
  background?: Exclude<Background, 'auto'>;
  output_format?: OutputFormat;
  quality?: ResolvedQuality;
  size?: string;
  usage?: ImagesUsage;
}

export type ImageStreamKind = 'image_generation' | 'image_edit';

interface ImageEventFields {
  b64_json: string;
  created_at: number;
  size: string;
  quality: Quality;
  background: Background;
  output_format: OutputFormat;
}

export interface PartialImageEvent extends ImageEventFields {
  type: `${ImageStreamKind}.partial_image`;
  partial_image_index: number;
}

export interface CompletedImageEvent extends ImageEventFields {
  type: `${ImageStreamKind}.completed`;
  usage: ImagesUsage;
}

export type ImageStreamEvent = PartialImageEvent | CompletedImageEvent;

export function isPartialImageEvent(event: { type: string }): event is PartialImageEvent {
  return event.type.endsWith('.partial_image');
}

export function isCompletedImageEvent(event: { type: string }): event is CompletedImageEvent {
  return event.type.endsWith('.completed');
}

/** The SSE event name for a mid-stream error; both official SDKs raise on it (openai-images.md §2d). */
export const STREAM_ERROR_EVENT = 'error';

/** The message OpenAI's own streaming example settled on (openai-images.md §2d, PR #2617). */
export const STREAM_ENDED_EARLY_MESSAGE = 'The stream ended without a final image';
export const STREAM_INCOMPLETE_CODE = 'stream_incomplete';

/** A stream that stopped before its final image, with the reason in plain words when one is known. */
export function streamEndedEarlyError(reason: string | null): ApiError {
  return apiError(502, reason ? `${STREAM_ENDED_EARLY_MESSAGE}: ${reason}.` : STREAM_ENDED_EARLY_MESSAGE, {
    type: 'server_error',
    code: STREAM_INCOMPLETE_CODE,
  });
}

/** Formats one SSE frame the way the spec's examples do: `event:` equal to the type, one compact `data:` line. */
export function formatSseFrame(eventName: string, data: unknown): string {
  return `event: ${eventName}\ndata: ${JSON.stringify(data)}\n\n`;
}

export const MIME_TYPE_OF_FORMAT: Readonly<Record<OutputFormat, string>> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
  svg: 'image/svg+xml',
};

export const FILE_EXTENSION_OF_FORMAT: Readonly<Record<OutputFormat, string>> = {
  png: 'png',
  jpeg: 'jpg',
  webp: 'webp',
  gif: 'gif',
  svg: 'svg',
};

/** The output format a MIME type names, or null for a type the API does not produce. */
export function formatOfMimeType(mimeType: string): OutputFormat | null {
  const formats = Object.keys(MIME_TYPE_OF_FORMAT) as OutputFormat[];
  return formats.find((format) => MIME_TYPE_OF_FORMAT[format] === mimeType) ?? null;
}
