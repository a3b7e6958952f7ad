/**
 * What a model id is called where results are listed (the gallery, the inspector): the model's label, and
 * with several providers behind the relay the provider's too ("GPT Image 2 · Budget gateway"), since two
 * providers may serve models of one name. Stored results keep the id they were sent with, so it is looked
 * up as the relay would route it (contract/providers.ts); an id the relay no longer lists is shown as it is.
 */
import { findListedModel, type StudioConfig } from '../contract/index.ts';
import { useStudioState } from './StudioContext.tsx';

export function modelLabelOf(config: StudioConfig | null, id: string): string {
  const model = config && findListedModel(config.models, id);
  if (!model) return id;
  return config.providers.length > 1 ? `${model.label} · ${model.provider.label}` : model.label;
}

/** `modelLabelOf` over the relay's config as the studio holds it. */
export function useModelLabel(): (id: string) => string {
  const config = useStudioState((state) => state.relay.config);
  return (id) => modelLabelOf(config, id);
}
