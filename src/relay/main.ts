/**
 * `tsx src/relay/main.ts [--build-if-stale]`: reads the settings (environment, then .env), optionally
 * builds the studio, and serves it with the relay until SIGINT/SIGTERM.
 */
import { buildIfStale } from './buildIfStale.ts';
import { RelayConfigError, loadRelayConfig, readEnvironment } from './config.ts';
import { isLoopbackHost } from './guards.ts';
import { createRelay } from './server.ts';

async function main(): Promise<void> {
  const projectDir = process.cwd();
  const config = loadRelayConfig(readEnvironment(projectDir));
  if (process.argv.includes('--build-if-stale')) await buildIfStale(projectDir, config.staticDir, config.log);

  const relay = createRelay(config);
  const { url } = await relay.listen();
  const upstream =
    config.upstream.kind === 'openai'
      ? `OpenAI-compatible upstream at ${new URL(config.upstream.baseUrl).host}`
      : 'the offline engine (no OPENAI_API_KEY, or STUDIO_UPSTREAM=offline)';
  config.log(`Atelier relay listening on ${url}, answering with ${upstream}.`);
  if (!isLoopbackHost(config.host) && !config.accessToken) {
    config.log(
      `Warning: bound to ${config.host} without STUDIO_ACCESS_TOKEN; anyone who can reach this address can spend your key.`,
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
