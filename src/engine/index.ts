export { createOfflineEngine, type OfflineEngineOptions } from './engine.ts';
export { parseOfflineLatency, MAX_FIXED_LATENCY_MS, type OfflineLatency } from './latency.ts';
export type { EngineInputFile, EngineJob, OfflineEngine } from './types.ts';
export { DEFAULT_MAX_INPUT_PIXELS, EngineInputError } from './inputError.ts';
export { ENGINE_USAGE_NOTE } from './usage.ts';
