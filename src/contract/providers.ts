/**
 * Several providers behind one relay (issue 14): the `STUDIO_PROVIDERS` file's schema, and how a request's
 * `model` names one of them. A model is addressed as `providerId/modelId`, or by its bare id, which goes to
 * the first provider in the file that serves it. Shared by the relay (routing) and the studio (labels of
 * stored results), so the two cannot disagree on what an id means.
 */
import { z } from 'zod';
import { parseModelEntries, pathText, type ModelEntry } from './registry.ts';

/**
 * The protocols the relay speaks to: OpenAI itself, a gateway on OpenAI's paths (which may answer with
 * URLs), a task gateway (submit, then poll), Leonardo's REST API, and the embedded offline engine.
 */
export const PROVIDER_KINDS = ['openai', 'openai-compatible', 'task', 'leonardo', 'offline'] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

/** Kinds that serve the whole catalogue unless told otherwise; the others serve only what they declare. */
const CATALOGUE_KINDS: readonly ProviderKind[] = ['openai', 'offline'];

export function servesCatalogue(kind: ProviderKind): boolean {
  return CATALOGUE_KINDS.includes(kind);
}

/** Where each kind's documented paths hang off (gateways.md), for messages and the README. */
const BASE_URL_EXAMPLES: Record<Exclude<ProviderKind, 'offline'>, string> = {
  openai: 'https://api.openai.com/v1',
  'openai-compatible': 'https://gateway.example.com/v1',
  task: 'https://gateway.example.com',
  leonardo: 'https://cloud.leonardo.ai/api/rest',
};

/** A provider id is the prefix of its models' addresses, so it cannot hold the slash that ends it. */
const PROVIDER_ID = /^[a-z0-9][a-z0-9._-]*$/;
/** What a shell accepts as a variable name. */
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** `URL.host`: a name or bracketed IPv6 address, and a port where it is not the scheme's default. */
const HOST = /^(\[[0-9a-f:.]+\]|[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*)(:\d{1,5})?$/;

/** Built on first use, as registry.ts's entry schema is: the studio never reads a providers file. */
const providerEntrySchema = () =>
  z.strictObject({
    id: z
      .string()
      .regex(PROVIDER_ID, 'expected lower-case letters, digits, dots, dashes or underscores, no slash'),
    kind: z.enum(PROVIDER_KINDS, {
      error: (issue) =>
        `'${String(issue.input)}' is not a provider kind; expected one of ${PROVIDER_KINDS.join(', ')}`,
    }),
    /** What the picker's group is titled; the id when absent. */
    label: z.string().min(1).optional(),
    baseUrl: z
      .string()
      .refine((text) => /^https?:\/\//.test(text) && URL.canParse(text), 'expected an http(s) URL')
      .refine((text) => !/[?#]/.test(text), 'expected no query string or fragment')
      .optional(),
    /** The environment variable holding the key: keys never live in the file. */
    apiKeyEnv: z
      .string()
      .regex(ENV_NAME, 'expected an environment variable name such as GATEWAY_API_KEY')
      .optional(),
    /** Hosts besides the base URL's that the provider serves result images from (its CDN). */
    resultHosts: z
      .array(z.string().toLowerCase().regex(HOST, 'expected a host such as cdn.example.com'))
      .optional(),
    /** Model entries (contract/registry.ts); checked against the catalogue after the shape. */
    models: z.array(z.unknown()).optional(),
  });

type ProviderEntrySchema = ReturnType<typeof providerEntrySchema>;

export interface ProviderEntry extends Omit<z.infer<ProviderEntrySchema>, 'models'> {
  label: string;
  models: ModelEntry[];
}

export interface ProvidersProblem {
  /** e.g. `providers[1].models[0].like`; empty for the whole file. */
  path: string;
  message: string;
}

/** The rules one provider's fields must meet together, beyond each field's own shape. */
function providerProblem(entry: z.infer<ProviderEntrySchema>): ProvidersProblem | null {
  if (entry.kind === 'offline') {
    const stray = (['baseUrl', 'apiKeyEnv', 'resultHosts'] as const).find(
      (field) => entry[field] !== undefined,
    );
    return stray
      ? { path: stray, message: 'the offline engine runs in the relay: it has no URL or key' }
      : null;
  }
  if (!entry.baseUrl) {
    return {
      path: 'baseUrl',
      message: `this ${entry.kind} provider needs one, e.g. ${BASE_URL_EXAMPLES[entry.kind]}`,
    };
  }
  if (!entry.apiKeyEnv) {
    return { path: 'apiKeyEnv', message: 'expected the name of the environment variable that holds its key' };
  }
  if (!servesCatalogue(entry.kind) && !entry.models?.length) {
    return {
      path: 'models',
      message: `this ${entry.kind} provider serves only the models it lists; list at least one`,
    };
  }
  return null;
}

/** Reads a parsed `STUDIO_PROVIDERS` file; the first problem names the field and why. */
export function parseProviders(
  json: unknown,
): { ok: true; providers: ProviderEntry[] } | { ok: false; problem: ProvidersProblem } {
  const parsed = z
    .strictObject({ providers: z.array(providerEntrySchema()).min(1, 'expected at least one provider') })
    .safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const message =
      issue.path.length === 0 && issue.code === 'invalid_type'
        ? 'expected an object { "providers": [ … ] }'
        : issue.message;
    return { ok: false, problem: { path: pathText(issue.path), message } };
  }
  const providers: ProviderEntry[] = [];
  const seen = new Set<string>();
  for (const [index, entry] of parsed.data.providers.entries()) {
    const at = (path: string) => `providers[${index}]${path.startsWith('[') ? '' : '.'}${path}`;
    if (seen.has(entry.id)) {
      return {
        ok: false,
        problem: { path: at('id'), message: `'${entry.id}' is already the id of a provider above` },
      };
    }
    seen.add(entry.id);
    const problem = providerProblem(entry);
    if (problem) return { ok: false, problem: { path: at(problem.path), message: problem.message } };
    const models = parseModelEntries(entry.models ?? []);
    if (!models.ok) {
      return {
        ok: false,
        problem: { path: at(`models${models.problem.path}`), message: models.problem.message },
      };
    }
    const ids = models.entries.map((model) => model.id);
    const twice = ids.findIndex((id, position) => ids.indexOf(id) !== position);
    if (twice !== -1) {
      return {
        ok: false,
        problem: { path: at(`models[${twice}].id`), message: `'${ids[twice]}' is listed twice` },
      };
    }
    providers.push({ ...entry, label: entry.label ?? entry.id, models: models.entries });
  }
  return { ok: true, providers };
}

/** The address of a provider's model: what the studio sends and stores, and the relay lists. */
export function modelAddress(providerId: string, modelId: string): string {
  return `${providerId}/${modelId}`;
}

/**
 * Which provider a request's `model` names and that provider's own id for it. `providerId/modelId` names
 * the provider; a bare id (or one whose prefix is no provider's, as a gateway's `vendor/model` ids) goes to
 * the first provider that serves it. Null when no provider serves it.
 */
export function resolveModelAddress<P extends { id: string; serves(modelId: string): boolean }>(
  providers: readonly P[],
  address: string,
): { provider: P; modelId: string } | null {
  const slash = address.indexOf('/');
  if (slash > 0) {
    const provider = providers.find((candidate) => candidate.id === address.slice(0, slash));
    if (provider) return { provider, modelId: address.slice(slash + 1) };
  }
  const provider = providers.find((candidate) => candidate.serves(address));
  return provider ? { provider, modelId: address } : null;
}

/**
 * The listed model an id names, as the relay would route it: its address, or a bare id (a result stored
 * before its relay had a providers file) naming the first provider's model of that id, or an address whose
 * provider is listed with bare ids (a result stored while it had one). `models` are in the providers' order.
 */
export function findListedModel<M extends { id: string; provider: { id: string } }>(
  models: readonly M[],
  id: string,
): M | undefined {
  const exact = models.find((model) => model.id === id);
  if (exact) return exact;
  const slash = id.indexOf('/');
  if (slash > 0) {
    const [providerId, modelId] = [id.slice(0, slash), id.slice(slash + 1)];
    const named = models.find((model) => model.provider.id === providerId && model.id === modelId);
    if (named) return named;
  }
  return models.find((model) => model.id === modelAddress(model.provider.id, id));
}
