/**
 * A draft restored from an earlier visit (or a reused result) may name a model that has since been shut
 * down, or one this relay no longer serves: it moves to the named replacement (or the default) and says so.
 * A draft set to the Responses API on a model whose provider has none goes back to the Images API, saying so.
 */
import { findListedModel, whyNoResponsesApi, type StudioConfig } from '../contract/index.ts';
import type { Draft } from '../state/draft.ts';
import type { StudioStore } from '../state/store.ts';

/** The model the draft should use instead of `draftModel`, and why; null when it may stay. */
function modelReplacement(
  config: StudioConfig,
  draftModel: string | null,
): { model: string; notice: string | null } | null {
  if (draftModel === null) return null;
  const named = findListedModel(config.models, draftModel);
  // A result stored under a bare id (or an address the relay now lists bare) is the same model: the
  // draft takes the id it is listed by, so the picker shows it and the studio's checks find it.
  if (named && named.status !== 'retired')
    return named.id === draftModel ? null : { model: named.id, notice: null };
  const served = (id: string | null) =>
    config.models.find((candidate) => candidate.id === id && candidate.status !== 'retired');
  const next = served(named?.replacement ?? null) ?? served(config.defaultModel);
  if (!next) return null;
  return {
    model: next.id,
    notice: named
      ? `${named.label} was shut down on ${named.shutdownDate}, so this draft now uses ${next.label}.`
      : `This draft named ${draftModel}, which this relay does not serve, so it now uses ${next.label}.`,
  };
}

/** Why the draft's run cannot go through the Responses API it is set to; null when it can, or is not. */
function responsesApiRefusal(config: StudioConfig, draft: Draft): string | null {
  if (draft.api !== 'responses') return null;
  const model = config.models.find((candidate) => candidate.id === draft.model);
  return model ? whyNoResponsesApi(model, config.providers) : null;
}

/** Keeps the draft on a served model, and on an API it can use, whenever the relay's models or the draft change. */
export function keepDraftOnServedModel(store: StudioStore): () => void {
  const check = () => {
    const { relay, draft } = store.getState();
    if (!relay.config) return;
    const replacement = modelReplacement(relay.config, draft.draft.model);
    if (replacement) draft.adjust({ model: replacement.model }, replacement.notice);
    const refusal = responsesApiRefusal(relay.config, store.getState().draft.draft);
    if (refusal) draft.adjust({ api: 'images' }, refusal);
  };
  check();
  return store.subscribe((now, before) => {
    if (
      now.relay.config !== before.relay.config ||
      now.draft.draft.model !== before.draft.draft.model ||
      now.draft.draft.api !== before.draft.draft.api
    )
      check();
  });
}
