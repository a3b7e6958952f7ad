/** What the relay said about itself at /api/config, with the registry the studio's checks read. */
import type { ModelRegistry, StudioConfig } from '../contract/index.ts';
import { registryFromConfig } from './draft.ts';
import type { SliceCreator } from './slice.ts';

export interface RelaySlice {
  config: StudioConfig | null;
  /** The models the relay serves, by id: what every check before sending is made against. */
  registry: ModelRegistry | null;
  setConfig: (config: StudioConfig) => void;
}

export const createRelaySlice: SliceCreator<RelaySlice> = (set, get) => ({
  config: null,
  registry: null,
  setConfig: (config) => {
    if (get().config !== config) set({ config, registry: registryFromConfig(config) });
  },
});
