/**
 * The relay's settings, read once at startup from the environment (design.md §3). Every value is checked
 * here so a typo stops the relay with a message naming the variable instead of failing on the first request.
 */
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseEnv } from 'node:util';
import {
  CATALOGUE,
  createModelRegistry,
  parseModelAliases,
  parseModelEntries,
  parseProviders,
  servesCatalogue,
  type ModelEntry,
  type ModelRegistry,
  type ProviderKind,
} from '../contract/index.ts';
import { DEFAULT_MAX_INPUT_PIXELS, parseOfflineLatency, type OfflineLatency } from '../engine/index.ts';
import { isLoopbackHost } from './guards.ts';

export const DEFAULT_OPENAI_BASE_URL = 'https://api.openai.com/v1';
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 8787;
/** Longer than the slowest legitimate silence: a high-quality image without partials takes ~2 minutes. */
export const DEFAULT_UPSTREAM_IDLE_MS = 5 * 60_000;
/** Well under the 30-60 s idle cut of common proxies and load balancers. */
export const DEFAULT_HEARTBEAT_MS = 15_000;
/**
 * A request body that arrives slower than this, while the relay is waiting for it, is cut: a dial-up modem
 * sends 7 KB/s, so 1 KB/s over 15 s is far below any real link, and far above a drip that holds a spool
 * directory and a connection for minutes.
 */
export const DEFAULT_MIN_BODY_BYTES_PER_SECOND = 1024;
export const DEFAULT_BODY_RATE_WINDOW_MS = 15_000;
/** Ten parallel edits that each carry sixteen 50 MB images and a mask (10 x 804 MB) fit. */
export const DEFAULT_MAX_SPOOL_BYTES = 8 * 1024 ** 3;
/** Twice the largest `n` (10): the studio's fan-out of n parallel single-image edits always fits. */
export const DEFAULT_MAX_UPLOADS_PER_CLIENT = 20;

export type UpstreamSetting =
  | { kind: 'offline'; latency: OfflineLatency }
  | {
      kind: Exclude<ProviderKind, 'offline'>;
      apiKey: string;
      baseUrl: string;
      resultHosts: readonly string[];
    };

/** One provider behind the relay: how to reach it and the models it serves, by its own ids. */
export interface ProviderSetting {
  /** The prefix of its models' addresses (`openai/gpt-image-2`). */
  id: string;
  /** The picker's group title. */
  label: string;
  upstream: UpstreamSetting;
  models: ModelRegistry;
}

/** Without a STUDIO_PROVIDERS file the one provider is named for what answers. */
export const DEFAULT_PROVIDER_IDS = { openai: 'openai', offline: 'offline' } as const;

export interface RelayConfig {
  /**
   * Every provider, in the file's order (the first serving a bare id gets it); without a STUDIO_PROVIDERS
   * file, one: `openai` (OPENAI_API_KEY, OPENAI_BASE_URL, STUDIO_MODELS) or `offline`.
   */
  providers: readonly ProviderSetting[];
  /** The STUDIO_PROVIDERS file the providers came from; null without one (model ids are then listed bare). */
  providersFile: string | null;
  /** The first provider's upstream (the default one). */
  upstream: UpstreamSetting;
  host: string;
  /** 0 asks the OS for a free port (tests). */
  port: number;
  /** When set, /v1 and /api requests must carry `Authorization: Bearer <token>`. */
  accessToken: string | null;
  /** Extra browser origins allowed to call the relay, normalised by `new URL().origin`. */
  allowedOrigins: readonly string[];
  /** Other host names the relay answers for (DNS rebinding guard), lower case, without a port. */
  allowedHosts: readonly string[];
  /** The first provider's models. */
  models: ModelRegistry;
  /** Where each edit request gets its private upload directory. */
  spoolRoot: string;
  /** The built studio (vite build output). */
  staticDir: string;
  /** Upstream silence (no header, no byte) after which the relay gives up on a request. */
  upstreamIdleMs: number;
  /** Silence after which a streamed request gets an SSE comment, and the interval between them. */
  heartbeatMs: number;
  /** Requests per minute each client address may make to /v1 routes; null = no limit. */
  rateLimitPerMinute: number | null;
  /**
   * The most pixels an input image may declare in its header (a relay safety limit, not an API rule: a
   * decompression bomb is refused before anything decodes it); also the offline engine's decode limit.
   */
  maxInputPixels: number;
  /** A request body slower than `minBytesPerSecond` over `windowMs` of the relay waiting for it is cut. */
  bodyRate: { minBytesPerSecond: number; windowMs: number };
  /** The most bytes all requests together may hold in the upload spool. */
  maxSpoolBytes: number;
  /** The most uploads (edit requests) one client address may have in flight at once. */
  maxUploadsPerClient: number;
  /** One line per request and the startup notes; never receives the key. */
  log: (line: string) => void;
}

export class RelayConfigError extends Error {
  override name = 'RelayConfigError';
}

type Environment = Readonly<Record<string, string | undefined>>;

function nonEmpty(env: Environment, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function readBaseUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new RelayConfigError(`OPENAI_BASE_URL is not a URL; expected e.g. ${DEFAULT_OPENAI_BASE_URL}.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new RelayConfigError(`OPENAI_BASE_URL must start with https:// or http:// (got ${url.protocol}).`);
  }
  if (url.search || url.hash) {
    throw new RelayConfigError('OPENAI_BASE_URL must not carry a query string or fragment.');
  }
  return url.href.replace(/\/+$/, '');
}

function readOfflineLatency(env: Environment): OfflineLatency {
  try {
    return parseOfflineLatency(env.STUDIO_OFFLINE_LATENCY);
  } catch (error) {
    throw new RelayConfigError((error as Error).message);
  }
}

function readUpstream(env: Environment): UpstreamSetting {
  const requested = nonEmpty(env, 'STUDIO_UPSTREAM') ?? 'auto';
  if (requested !== 'auto' && requested !== 'offline' && requested !== 'openai') {
    throw new RelayConfigError(`STUDIO_UPSTREAM must be 'auto', 'offline' or 'openai' (got '${requested}').`);
  }
  const apiKey = nonEmpty(env, 'OPENAI_API_KEY');
  if (requested === 'openai' && !apiKey) {
    throw new RelayConfigError(
      'STUDIO_UPSTREAM=openai needs OPENAI_API_KEY; set the key, or use STUDIO_UPSTREAM=offline.',
    );
  }
  if (requested === 'offline' || !apiKey) return { kind: 'offline', latency: readOfflineLatency(env) };
  return {
    kind: 'openai',
    apiKey,
    baseUrl: readBaseUrl(nonEmpty(env, 'OPENAI_BASE_URL') ?? DEFAULT_OPENAI_BASE_URL),
    resultHosts: [],
  };
}

function readPort(text: string | undefined): number {
  if (text === undefined) return DEFAULT_PORT;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65_535) {
    throw new RelayConfigError(`PORT must be an integer from 0 to 65535 (got '${text}').`);
  }
  return port;
}

function readPositiveInteger(env: Environment, name: string): number | undefined {
  const text = nonEmpty(env, name);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 1 || !Number.isSafeInteger(value)) {
    throw new RelayConfigError(`${name} must be a whole number above 0 (got '${text}').`);
  }
  return value;
}

/** A comma-separated list, entries trimmed, empty ones dropped. */
function readList(text: string | undefined): string[] {
  if (!text) return [];
  return text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
}

function readAllowedOrigins(text: string | undefined): string[] {
  return readList(text).map((entry) => {
    const url = URL.canParse(entry) ? new URL(entry) : null;
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.pathname !== '/') {
      throw new RelayConfigError(
        `STUDIO_ALLOWED_ORIGINS entry '${entry}' is not an origin; expected e.g. https://studio.example.com.`,
      );
    }
    return url.origin;
  });
}

/** Host names as a browser sends them in Host (lower case; IPv6 in brackets), without a port. */
function readAllowedHosts(text: string | undefined): string[] {
  return readList(text).map((entry) => {
    const name = entry.toLowerCase();
    if (!/^(\[[0-9a-f:.]+\]|[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*)$/.test(name)) {
      throw new RelayConfigError(
        `STUDIO_ALLOWED_HOSTS entry '${entry}' is not a host name; expected names such as studio.lan or studio.example.com, without a scheme or a port.`,
      );
    }
    return name;
  });
}

/** A relay anyone on the network may use must be asked for in so many words: it spends the key. */
function checkExposure(env: Environment, host: string, accessToken: string | null): void {
  const insecureOpen = nonEmpty(env, 'STUDIO_INSECURE_OPEN');
  if (insecureOpen !== undefined && insecureOpen !== '1' && insecureOpen !== '0') {
    throw new RelayConfigError(`STUDIO_INSECURE_OPEN must be 1 or 0 (got '${insecureOpen}').`);
  }
  if (isLoopbackHost(host) || accessToken || insecureOpen === '1') return;
  const spending = nonEmpty(env, 'OPENAI_API_KEY') ? ', spending your OpenAI key' : '';
  throw new RelayConfigError(
    `HOST=${host} makes the relay reachable from other machines, and without STUDIO_ACCESS_TOKEN anyone who reaches it can generate images with it${spending}. Set STUDIO_ACCESS_TOKEN to a long random value (e.g. the output of \`openssl rand -hex 32\`), or, on a network that is yours alone, set STUDIO_INSECURE_OPEN=1 to run it open.`,
  );
}

/** Reads a JSON file a variable names, or says which variable's file cannot be read or parsed. */
function readJsonFile(variable: string, path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new RelayConfigError(`${variable} file ${path} cannot be read: ${(error as Error).message}.`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new RelayConfigError(`${variable} file ${path} is not JSON: ${(error as Error).message}.`);
  }
}

/** `STUDIO_MODELS`: a JSON file of model entries (contract/registry.ts), read and checked at start. */
function readModelFile(path: string): ModelEntry[] {
  const json = readJsonFile('STUDIO_MODELS', path);
  const parsed = parseModelEntries(json);
  if (!parsed.ok) {
    const where = parsed.problem.path
      ? `entry ${parsed.problem.path}`
      : 'the top level (expected an array of model entries)';
    throw new RelayConfigError(`STUDIO_MODELS file ${path}, ${where}: ${parsed.problem.message}`);
  }
  return parsed.entries;
}

/**
 * The default provider's models: the catalogue, then `STUDIO_MODEL_ALIASES` (deprecated, still read),
 * then the entries of the `STUDIO_MODELS` file, each later one winning by id.
 */
function readModels(
  env: Environment,
  log: (line: string) => void,
  { supportsSeed }: { supportsSeed: boolean },
): ModelRegistry {
  const aliasText = nonEmpty(env, 'STUDIO_MODEL_ALIASES');
  const { entries: aliases, invalid } = parseModelAliases(aliasText ?? '');
  if (invalid !== null) {
    throw new RelayConfigError(
      `STUDIO_MODEL_ALIASES entry '${invalid}' must look like id=like, with like one of ${CATALOGUE.map((model) => model.id).join(', ')}.`,
    );
  }
  if (aliasText) log('STUDIO_MODEL_ALIASES is deprecated: list the models in a STUDIO_MODELS file instead.');
  const file = nonEmpty(env, 'STUDIO_MODELS');
  return createModelRegistry([...aliases, ...(file ? readModelFile(resolve(file)) : [])], { supportsSeed });
}

/**
 * `STUDIO_PROVIDERS`: the file of providers (contract/providers.ts), checked at start. Each key is read
 * from the variable the provider names, so a missing one stops the relay naming that variable.
 */
function readProvidersFile(env: Environment, path: string): ProviderSetting[] {
  const parsed = parseProviders(readJsonFile('STUDIO_PROVIDERS', path));
  if (!parsed.ok) {
    const where = parsed.problem.path ? `, ${parsed.problem.path}` : '';
    throw new RelayConfigError(`STUDIO_PROVIDERS file ${path}${where}: ${parsed.problem.message}.`);
  }
  return parsed.providers.map((provider, index) => {
    const models = createModelRegistry(provider.models, { withCatalogue: servesCatalogue(provider.kind) });
    const base = { id: provider.id, label: provider.label, models };
    if (provider.kind === 'offline')
      return { ...base, upstream: { kind: 'offline', latency: readOfflineLatency(env) } };
    const variable = provider.apiKeyEnv!;
    const apiKey = nonEmpty(env, variable);
    if (!apiKey) {
      throw new RelayConfigError(
        `STUDIO_PROVIDERS file ${path}, providers[${index}].apiKeyEnv: provider '${provider.id}' reads its key from ${variable}, which is not set.`,
      );
    }
    const baseUrl = provider.baseUrl!.replace(/\/+$/, '');
    return {
      ...base,
      upstream: { kind: provider.kind, apiKey, baseUrl, resultHosts: provider.resultHosts ?? [] },
    };
  });
}

/** The file's providers, or the one provider the OpenAI variables (or their absence) describe. */
function readProviders(
  env: Environment,
  log: (line: string) => void,
): Pick<RelayConfig, 'providers' | 'providersFile'> {
  const file = nonEmpty(env, 'STUDIO_PROVIDERS');
  if (file) {
    for (const ignored of ['OPENAI_BASE_URL', 'STUDIO_MODELS', 'STUDIO_UPSTREAM'].filter((name) =>
      nonEmpty(env, name),
    ))
      log(`${ignored} is ignored: the STUDIO_PROVIDERS file declares the providers.`);
    const path = resolve(file);
    return { providers: readProvidersFile(env, path), providersFile: path };
  }
  const upstream = readUpstream(env);
  const id = upstream.kind === 'offline' ? DEFAULT_PROVIDER_IDS.offline : DEFAULT_PROVIDER_IDS.openai;
  const label = upstream.kind === 'offline' ? 'Offline engine' : 'OpenAI';
  // The offline engine takes a seed, as the task gateways and Leonardo do; OpenAI's Image API has none.
  const models = readModels(env, log, { supportsSeed: upstream.kind === 'offline' });
  return { providers: [{ id, label, upstream, models }], providersFile: null };
}

/** Builds the relay's settings from environment variables; throws RelayConfigError naming the bad one. */
export function loadRelayConfig(
  env: Environment,
  overrides: Partial<Pick<RelayConfig, 'spoolRoot' | 'staticDir' | 'log'>> = {},
): RelayConfig {
  const log = overrides.log ?? ((line: string) => console.log(line));
  const host = nonEmpty(env, 'HOST') ?? DEFAULT_HOST;
  const accessToken = nonEmpty(env, 'STUDIO_ACCESS_TOKEN') ?? null;
  checkExposure(env, host, accessToken);
  const { providers, providersFile } = readProviders(env, log);
  return {
    providers,
    providersFile,
    upstream: providers[0]!.upstream,
    host,
    port: readPort(nonEmpty(env, 'PORT')),
    accessToken,
    allowedOrigins: readAllowedOrigins(env.STUDIO_ALLOWED_ORIGINS),
    allowedHosts: readAllowedHosts(env.STUDIO_ALLOWED_HOSTS),
    models: providers[0]!.models,
    upstreamIdleMs: readPositiveInteger(env, 'STUDIO_UPSTREAM_IDLE_MS') ?? DEFAULT_UPSTREAM_IDLE_MS,
    heartbeatMs: readPositiveInteger(env, 'STUDIO_HEARTBEAT_MS') ?? DEFAULT_HEARTBEAT_MS,
    rateLimitPerMinute: readPositiveInteger(env, 'STUDIO_RATE_LIMIT') ?? null,
    maxInputPixels: readPositiveInteger(env, 'STUDIO_MAX_INPUT_PIXELS') ?? DEFAULT_MAX_INPUT_PIXELS,
    bodyRate: {
      minBytesPerSecond:
        readPositiveInteger(env, 'STUDIO_MIN_BODY_RATE') ?? DEFAULT_MIN_BODY_BYTES_PER_SECOND,
      windowMs: readPositiveInteger(env, 'STUDIO_BODY_WINDOW_MS') ?? DEFAULT_BODY_RATE_WINDOW_MS,
    },
    maxSpoolBytes: readPositiveInteger(env, 'STUDIO_MAX_SPOOL_BYTES') ?? DEFAULT_MAX_SPOOL_BYTES,
    maxUploadsPerClient: readPositiveInteger(env, 'STUDIO_MAX_UPLOADS') ?? DEFAULT_MAX_UPLOADS_PER_CLIENT,
    spoolRoot: overrides.spoolRoot ?? tmpdir(),
    staticDir: overrides.staticDir ?? resolve(nonEmpty(env, 'STUDIO_STATIC_DIR') ?? 'dist'),
    log,
  };
}

/**
 * The process environment with an optional `.env` file of `directory` underneath it: variables already set
 * in the environment win, as with Node's own `--env-file`.
 */
export function readEnvironment(directory: string, env: Environment = process.env): Environment {
  const file = join(directory, '.env');
  if (!existsSync(file)) return env;
  return { ...parseEnv(readFileSync(file, 'utf8')), ...env };
}
