/**
 * Several providers behind one relay (issue 14): each request's `model` picks the provider whose upstream
 * answers it and whose models it is validated against, and the provider gets the request with its own id
 * for the model. Without a STUDIO_PROVIDERS file there is one provider and every id is what it was.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import {
  API_POLICY,
  ENGINE_POLICY,
  accept,
  modelAddress,
  modelStatus,
  resolveModel,
  resolveModelAddress,
  type Checked,
  type ConfiguredModel,
  type ImageRequestKind,
  type ModelCapabilities,
  type ModelRegistry,
  type ValidationPolicy,
} from '../contract/index.ts';
import { createOfflineEngine } from '../engine/index.ts';
import type { ProviderSetting, RelayConfig } from './config.ts';
import type { SpooledJsonEdit } from './jsonEdit.ts';
import type { SpoolTicket } from './spoolBudget.ts';
import { createLeonardoUpstream } from './upstream/leonardo.ts';
import { createOfflineUpstream } from './upstream/offline.ts';
import { createOpenAIUpstream } from './upstream/openai.ts';
import {
  DEFAULT_TASK_FETCH_TIMEOUT_MS,
  DEFAULT_TASK_POLL_INTERVAL_MS,
  DEFAULT_TASK_POLL_TIMEOUT_MS,
  DEFAULT_TASK_RESULT_MAX_BYTES,
  createTaskGatewayUpstream,
} from './upstream/taskGateway.ts';
import type { Upstream } from './upstream/types.ts';

export interface Provider {
  readonly id: string;
  readonly label: string;
  readonly upstream: Upstream;
  /** Its models by its own ids. */
  readonly models: ModelRegistry;
  /** The offline engine plays the API and refuses every rule; in front of a real API only the confirmed. */
  readonly policy: ValidationPolicy;
  serves(modelId: string): boolean;
}

/** Where a request goes: the provider, and its own id for the model when that differs from what was sent. */
export interface ModelRoute {
  provider: Provider;
  /** Null when the request's `model` goes on as it is. */
  modelId: string | null;
}

export interface ProviderRouter {
  readonly providers: readonly Provider[];
  /** Every provider's model as the studio and `/v1/models` list it, by address, each with its provider. */
  listed(today: string): ConfiguredModel[];
  /** The address of a provider's model: bare without a providers file, `providerId/modelId` with one. */
  address(provider: Provider, modelId: string): string;
  /** The provider a request's `model` names, or OpenAI's answer to a model no provider serves. */
  route(model: unknown, kind: ImageRequestKind): Checked<ModelRoute>;
  /** Every provider's key, for redaction. */
  readonly secrets: readonly string[];
}

/** The adapter for one provider's protocol. */
export function createProviderUpstream(setting: ProviderSetting, config: RelayConfig): Upstream {
  const { upstream } = setting;
  if (upstream.kind === 'offline') {
    return createOfflineUpstream(
      createOfflineEngine({ latency: upstream.latency, maxInputPixels: config.maxInputPixels }),
      { heartbeatMs: config.heartbeatMs },
    );
  }
  const polled = {
    id: setting.id,
    label: setting.label,
    baseUrl: upstream.baseUrl,
    apiKey: upstream.apiKey,
    models: setting.models,
    heartbeatMs: config.heartbeatMs,
  };
  switch (upstream.kind) {
    case 'openai':
    case 'openai-compatible':
      return createOpenAIUpstream({
        apiKey: upstream.apiKey,
        baseUrl: upstream.baseUrl,
        idleMs: config.upstreamIdleMs,
        heartbeatMs: config.heartbeatMs,
        resultHosts: upstream.resultHosts,
      });
    case 'task':
      return createTaskGatewayUpstream({
        ...polled,
        resultHosts: upstream.resultHosts,
        log: config.log,
      });
    case 'leonardo':
      // Leonardo's generations are polled as a task's are; the vendor documents no interval of its own.
      return createLeonardoUpstream({
        ...polled,
        pollIntervalMs: DEFAULT_TASK_POLL_INTERVAL_MS,
        pollTimeoutMs: DEFAULT_TASK_POLL_TIMEOUT_MS,
        resultMaxBytes: DEFAULT_TASK_RESULT_MAX_BYTES,
        fetchTimeoutMs: DEFAULT_TASK_FETCH_TIMEOUT_MS,
        resultHosts: upstream.resultHosts,
      });
  }
}

/**
 * `upstreams` replaces adapters (tests): one Upstream stands for the first provider, a record for the
 * providers it names; the others are built from their settings.
 */
export function createProviderRouter(
  config: RelayConfig,
  upstreams: Upstream | Readonly<Record<string, Upstream>> = {},
): ProviderRouter {
  const given = 'generate' in upstreams ? { [config.providers[0]!.id]: upstreams as Upstream } : upstreams;
  const providers: Provider[] = config.providers.map((setting) => {
    const upstream =
      (given as Record<string, Upstream | undefined>)[setting.id] ?? createProviderUpstream(setting, config);
    return {
      id: setting.id,
      label: setting.label,
      upstream,
      models: setting.models,
      policy: upstream.kind === 'offline' ? ENGINE_POLICY : API_POLICY,
      serves: (modelId) => setting.models.has(modelId),
    };
  });
  const qualified = config.providersFile !== null;
  const address = (provider: Provider, modelId: string) =>
    qualified ? modelAddress(provider.id, modelId) : modelId;

  /** A provider's model under its address, with the ids it names (snapshots, replacement) as addresses too. */
  const addressed = (provider: Provider, model: ModelCapabilities): ModelCapabilities => {
    const within = (id: string | null) => (id !== null && provider.serves(id) ? address(provider, id) : id);
    return {
      ...model,
      id: address(provider, model.id),
      snapshotOf: within(model.snapshotOf),
      snapshots: model.snapshots.map((id) => within(id)!),
      replacement: within(model.replacement),
    };
  };
  const everyModel = providers.flatMap((provider) =>
    [...provider.models.values()].map((model) => ({ provider, model: addressed(provider, model) })),
  );
  const byAddress: ModelRegistry = new Map(everyModel.map(({ model }) => [model.id, model]));
  // Only the studio's policy refuses an id it does not know; the API's own words for it come from there.
  const unknownModel = (model: string | undefined, kind: ImageRequestKind) => {
    const answer = resolveModel(model, kind, byAddress, { ...API_POLICY, unknownModels: 'refuse' });
    if (answer.ok) throw new Error(`'${model}' is served, yet resolved to no provider`);
    return answer;
  };

  return {
    providers,
    address,
    secrets: config.providers.flatMap(({ upstream }) => ('apiKey' in upstream ? [upstream.apiKey] : [])),
    listed: (today) =>
      everyModel.map(({ provider, model }) => ({
        ...model,
        status: modelStatus(model, today),
        provider: { id: provider.id, label: provider.label },
      })),
    route(model, kind) {
      const [only] = providers;
      const text = typeof model === 'string' && model !== '' ? model : undefined;
      const found = text === undefined ? null : resolveModelAddress(providers, text);
      if (found)
        return accept({ provider: found.provider, modelId: found.modelId === text ? null : found.modelId });
      // One provider decides for itself what an id it does not list means (OpenAI may serve a model
      // launched after the catalogue); among several, no one is named, so the relay answers as the API would.
      if (providers.length === 1) return accept({ provider: only!, modelId: null });
      return unknownModel(text, kind);
    },
  };
}

/** A JSON body with its `model` set to the provider's own id (a generation's body is at most 1 MB). */
export function withModelId(body: Record<string, unknown>, modelId: string): Buffer {
  return Buffer.from(JSON.stringify({ ...body, model: modelId }));
}

/** A multipart form's text fields with `model` set to the provider's own id. */
export function withModelField(
  fields: readonly [string, string][],
  modelId: string,
): [name: string, value: string][] {
  return fields.map(([name, value]) => [name, name === 'model' ? modelId : value]);
}

/**
 * A spooled JSON edit with `model` set to the provider's own id: the body goes upstream byte for byte from
 * disk (it may hold 16 images as data URLs), so a copy is written beside it, in the request's own
 * directory, with only the top-level `model` strings replaced.
 */
export async function withJsonEditModel(
  edit: SpooledJsonEdit,
  modelId: string,
  ticket: SpoolTicket,
): Promise<SpooledJsonEdit> {
  const replacement = Buffer.from(JSON.stringify(modelId));
  const rewrite = createTopLevelStringRewrite('model', replacement);
  ticket.charge(edit.bodyBytes + replacement.length);
  const bodyPath = join(dirname(edit.bodyPath), 'body.routed.json');
  let bodyBytes = 0;
  await pipeline(
    createReadStream(edit.bodyPath),
    async function* (chunks: AsyncIterable<Buffer>) {
      for await (const chunk of chunks) {
        for (const piece of rewrite(chunk)) {
          bodyBytes += piece.length;
          yield piece;
        }
      }
    },
    createWriteStream(bodyPath),
  );
  return { ...edit, fields: { ...edit.fields, model: modelId }, bodyPath, bodyBytes };
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

/**
 * A byte-level pass over a JSON object that replaces the string value of every top-level `key` with
 * `replacement` (an encoded JSON string), chunk by chunk. JSON's structural bytes are ASCII and never part
 * of a UTF-8 sequence, so bytes can be scanned without decoding; keys are compared as JSON.parse reads them.
 */
export function createTopLevelStringRewrite(key: string, replacement: Buffer): (chunk: Buffer) => Buffer[] {
  let depth = 0;
  let inString = false;
  let escaped = false;
  let expectKey = false;
  let keyBytes: number[] | null = null;
  let lastKey: string | null = null;
  let awaitingValue = false;
  let skipping = false;
  return (chunk) => {
    const pieces: Buffer[] = [];
    let start = 0;
    for (let index = 0; index < chunk.length; index++) {
      const byte = chunk[index]!;
      if (skipping || inString) {
        if (escaped) escaped = false;
        else if (byte === BACKSLASH) escaped = true;
        else if (byte === QUOTE) {
          if (skipping) {
            skipping = false;
            start = index + 1;
          } else {
            inString = false;
            if (keyBytes) lastKey = JSON.parse(`"${Buffer.from(keyBytes).toString('utf8')}"`) as string;
            keyBytes = null;
          }
          continue;
        }
        if (!skipping) keyBytes?.push(byte);
        continue;
      }
      if (WHITESPACE.has(byte)) continue;
      if (byte === QUOTE) {
        if (depth === 1 && awaitingValue) {
          pieces.push(chunk.subarray(start, index), replacement);
          skipping = true;
        } else {
          inString = true;
          keyBytes = depth === 1 && expectKey ? [] : null;
        }
        awaitingValue = false;
        expectKey = false;
        continue;
      }
      if (byte === 0x3a /* : */) {
        awaitingValue = depth === 1 && lastKey === key;
        lastKey = null;
        continue;
      }
      awaitingValue = false;
      if (byte === 0x7b /* { */ || byte === 0x5b /* [ */) depth++;
      else if (byte === 0x7d /* } */ || byte === 0x5d /* ] */) depth--;
      expectKey = depth === 1 && (byte === 0x2c /* , */ || byte === 0x7b);
    }
    if (!skipping) pieces.push(chunk.subarray(start));
    return pieces.filter((piece) => piece.length > 0);
  };
}
