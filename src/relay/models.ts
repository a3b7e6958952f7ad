/**
 * `GET /v1/models` and `GET /v1/models/{id}` in OpenAI's shape (openai-images-2026-12.md §1 row 9): the
 * models this relay's provider serves, retired ones included with their `shutdown_date`, which clients
 * read as an advisory (C11: a listing may lag a launch, so the studio never gates a choice on it).
 */
import type { ModelCapabilities, ModelRegistry } from '../contract/index.ts';

export interface ModelObject {
  id: string;
  object: 'model';
  /** Unix seconds of the release, 0 where the catalogue has no date. */
  created: number;
  owned_by: string;
  shutdown_date: string | null;
}

export function modelObject(model: ModelCapabilities): ModelObject {
  return {
    id: model.id,
    object: 'model',
    created: model.released ? Math.floor(Date.parse(`${model.released}T00:00:00Z`) / 1000) : 0,
    owned_by: 'system',
    shutdown_date: model.shutdownDate,
  };
}

export function modelList(registry: ModelRegistry): { object: 'list'; data: ModelObject[] } {
  return { object: 'list', data: [...registry.values()].map(modelObject) };
}
