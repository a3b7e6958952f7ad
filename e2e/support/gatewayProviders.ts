/**
 * A relay with two providers for a spec's tests (issue 14): the offline engine (`local`) and an
 * OpenAI-compatible gateway (`gw`, "Budget gateway") that is the held stand-in (heldUpstream.ts), serving the
 * model entries the spec gives. Both are started before each test and stopped after it; read them from the
 * returned object once a test runs.
 */
import { writeFile } from 'node:fs/promises';
import { test } from '@playwright/test';
import { HELD_UPSTREAM_API_KEY, startHeldUpstream, type HeldUpstream } from './heldUpstream.ts';
import { startRelay, type RelayProcess } from './relayProcess.ts';

export interface GatewayProviders {
  upstream: HeldUpstream;
  relay: RelayProcess;
}

export function gatewayBesideOffline(models: readonly Record<string, unknown>[]): GatewayProviders {
  const running = {} as GatewayProviders;
  test.beforeEach(async () => {
    running.upstream = await startHeldUpstream();
    const file = test.info().outputPath('providers.json');
    const gateway = {
      id: 'gw',
      kind: 'openai-compatible',
      label: 'Budget gateway',
      baseUrl: running.upstream.url,
      apiKeyEnv: 'E2E_GATEWAY_KEY',
      models,
    };
    const local = { id: 'local', kind: 'offline', label: 'Offline engine' };
    await writeFile(file, JSON.stringify({ providers: [local, gateway] }));
    running.relay = await startRelay({ STUDIO_PROVIDERS: file, E2E_GATEWAY_KEY: HELD_UPSTREAM_API_KEY });
  });
  test.afterEach(async () => {
    await running.relay.stop();
    await running.upstream.close();
  });
  return running;
}
