/**
 * `GET /v1/models` and `GET /v1/models/{id}` in OpenAI's shape (openai-images-2026-12.md §1 row 9): every
 * provider's models by address, retired ones included with their `shutdown_date`, which clients read as an
 * advisory (C11: a listing may lag a launch, so the studio never gates a choice on it). Beside OpenAI's
 * fields, which SDKs read, each says which provider serves it, what it can do and its price per image.
 */
import type { ConfiguredModel } from '../contract/index.ts';

export interface ModelObject {
  id: string;
  object: 'model';
  /** Unix seconds of the release, 0 where the catalogue has no date. */
  created: number;
  owned_by: string;
  shutdown_date: string | null;
  provider: { id: string; label: string };
  label: string;
  /** US dollars per image where the provider bills per image; null where tokens are billed. */
  price_per_image: number | null;
  capabilities: {
    output_formats: readonly string[];
    qualities: readonly string[];
    max_images_per_request: number;
    max_reference_images: number;
    mask: boolean;
    streaming: boolean;
  };
}

export function modelObject(model: ConfiguredModel): ModelObject {
  return {
    id: model.id,
    object: 'model',
    created: model.released ? Math.floor(Date.parse(`${model.released}T00:00:00Z`) / 1000) : 0,
    owned_by: 'system',
    shutdown_date: model.shutdownDate,
    provider: model.provider,
    label: model.label,
    price_per_image: model.pricePerImage ?? null,
    capabilities: {
      output_formats: model.outputFormats,
      qualities: model.qualities,
      max_images_per_request: model.maxImagesPerRequest,
      max_reference_images: model.maxReferenceImages,
      mask: model.supportsMask,
      streaming: model.supportsStreaming,
    },
  };
}

export function modelList(models: readonly ConfiguredModel[]): { object: 'list'; data: ModelObject[] } {
  return { object: 'list', data: models.map(modelObject) };
}
