/**
 * `tsx src/relay/main.ts [--build-if-stale]`: reads the settings (environment, then .env), optionally
 * builds the studio, and serves it with the relay until SIGINT/SIGTERM.
 */
import { buildIfStale } from './buildIfStale.ts';
import { RelayConfigError, loadRelayConfig, readEnvironment } from './config.ts';
import { isLoopbackHost } from './guards.ts';
import { createRelay } from './server.ts';
import { sweepOrphanedSpools } from './spoolSweep.ts';

async function main(): Promise<void> {
  const projectDir = process.cwd();
  const config = loadRelayConfig(readEnvironment(projectDir));
  if (process.argv.includes('--build-if-stale')) await buildIfStale(projectDir, config.staticDir, config.log);

  // Uploads of a relay that was killed mid-request (a crash, SIGKILL) would stay on disk for good.
  const swept = await sweepOrphanedSpools(config.spoolRoot);
  if (swept.length > 0)
    config.log(`Removed ${swept.length} upload spool directories left by stopped relays.`);

  const relay = createRelay(config);
  const { url } = await relay.listen();
  const upstream = config.providersFile
    ? `${config.providers.length} providers from ${config.providersFile}: ${config.providers
        .map(({ id, upstream: { kind } }) => `${id} (${kind})`)
        .join(', ')}`
    : config.upstream.kind === 'offline'
      ? 'the offline engine (no OPENAI_API_KEY, or STUDIO_UPSTREAM=offline)'
      : `OpenAI-compatible upstream at ${new URL(config.upstream.baseUrl).host}`;
  config.log(`Atelier relay listening on ${url}, answering with ${upstream}.`);
  // Only STUDIO_INSECURE_OPEN=1 gets here (config.ts refuses to start otherwise); it stays loud.
  if (!isLoopbackHost(config.host) && !config.accessToken) {
    config.log(
      `Warning: bound to ${config.host} without STUDIO_ACCESS_TOKEN (STUDIO_INSECURE_OPEN=1); anyone who can reach this address can use the relay and spend your key.`,
    );
  }

  const stop = (signal: string) => {
    config.log(`${signal} received; closing the relay.`);
    void relay.close().then(() => process.exit(0));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof RelayConfigError ? `Configuration error: ${error.message}` : error);
  process.exit(1);
});
