import { useQuery } from '@tanstack/react-query';
import type { StudioConfig } from '../contract/index.ts';
import { accessTokenHeaders } from './accessToken.ts';
import { RelayError, relayErrorFromResponse } from './relayError.ts';

export const CONFIG_PATH = '/api/config';

export async function fetchStudioConfig(signal?: AbortSignal): Promise<StudioConfig> {
  const response = await fetch(CONFIG_PATH, {
    headers: { accept: 'application/json', ...accessTokenHeaders() },
    signal,
  });
  if (!response.ok) throw await relayErrorFromResponse(response);
  return (await response.json()) as StudioConfig;
}

/** The relay's configuration; it changes only when the relay restarts, so it is never refetched on its own. */
export function useStudioConfig() {
  return useQuery({
    queryKey: ['studio-config'],
    queryFn: ({ signal }) => fetchStudioConfig(signal),
    staleTime: Infinity,
    // A refused token will not get better by asking again; a relay still starting might.
    retry: (failures, error) => !(error instanceof RelayError && error.status === 401) && failures < 2,
  });
}
