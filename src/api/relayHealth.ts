import { useQuery } from '@tanstack/react-query';

export const HEALTH_PATH = '/healthz';

/** Often enough that a relay that stopped is noticed within seconds, rare enough to cost nothing. */
export const HEALTH_POLL_MS = 5_000;

async function fetchHealth(signal: AbortSignal): Promise<true> {
  const response = await fetch(HEALTH_PATH, { cache: 'no-store', signal });
  if (!response.ok) throw new Error(`The relay answered ${response.status} at ${HEALTH_PATH}.`);
  return true;
}

/**
 * Whether the relay answers, asked every few seconds (also in the background, so a tab left open knows on
 * return): false once a check fails, true again as soon as one succeeds.
 */
export function useRelayAnswering(): boolean {
  const health = useQuery({
    queryKey: ['relay-health'],
    queryFn: ({ signal }) => fetchHealth(signal),
    refetchInterval: HEALTH_POLL_MS,
    refetchIntervalInBackground: true,
    // One missed answer is news: the next poll is the retry.
    retry: false,
  });
  return !health.isError;
}
