/**
 * Streaming pass-through: one generation of 3 partial images plus the final image at 3840x2160 (about 8 MB
 * of base64 a frame) from the stand-in upstream, received three ways in the same run — directly, through
 * nginx (`proxy_buffering off`) as the reference proxy, and through the relay — with 1 and with 16
 * concurrent streams. Prints medians and the ratios against nginx and direct.
 */
import {
  freePort,
  startTsxServer,
  startTsxServerReportingJson,
  type ServerProcess,
} from './support/processes.ts';
import { findNginx, startNginx, type RunningNginx } from './support/nginx.ts';
import { measureStream, type StreamSample } from './support/streamClient.ts';
import { formatMs, formatRatio, median } from './support/stats.ts';

const API_KEY = 'bench-upstream-key';
const REQUEST_BODY = JSON.stringify({
  model: 'gpt-image-2',
  prompt: 'benchmark: a 4K stream of three partial images and the final one',
  size: '3840x2160',
  quality: 'high',
  stream: true,
  partial_images: 3,
});
const SINGLE_RUNS = 9;
const CONCURRENT_ROUNDS = 3;
const CONCURRENCY = 16;
const WARMUP_RUNS = 2;

interface Target {
  name: string;
  url: string;
  headers: Record<string, string>;
}

interface TargetResult {
  single: StreamSample[];
  concurrent: StreamSample[];
  concurrentWallMs: number[];
}

async function runRound(
  target: Target,
  concurrency: number,
): Promise<{ samples: StreamSample[]; wallMs: number }> {
  const started = performance.now();
  const samples = await Promise.all(
    Array.from({ length: concurrency }, () => measureStream(target.url, REQUEST_BODY, target.headers)),
  );
  return { samples, wallMs: performance.now() - started };
}

export interface StreamingBenchResult {
  lines: string[];
  failures: string[];
}

export async function benchStreaming(): Promise<StreamingBenchResult> {
  const lines: string[] = [];
  const failures: string[] = [];
  const stops: (() => Promise<void>)[] = [];
  try {
    const upstream = await startTsxServerReportingJson<{ url: string; frameBytes: number[] }>(
      'bench/streamingUpstream.ts',
      { BENCH_API_KEY: API_KEY },
    );
    stops.push(upstream.stop);
    const upstreamOrigin = new URL(upstream.ready.url).origin;
    lines.push(
      `frames: ${upstream.ready.frameBytes.map((bytes) => `${(bytes / 1e6).toFixed(1)} MB`).join(', ')} (3 partials + final, 3840x2160 PNG)`,
    );

    const relayPort = await freePort();
    const relay: ServerProcess = await startTsxServer(
      'src/relay/main.ts',
      {
        STUDIO_UPSTREAM: 'openai',
        OPENAI_API_KEY: API_KEY,
        OPENAI_BASE_URL: upstream.ready.url,
        HOST: '127.0.0.1',
        PORT: String(relayPort),
        STUDIO_LOG: 'off',
      },
      `http://127.0.0.1:${relayPort}/healthz`,
    );
    stops.push(relay.stop);

    const targets: Target[] = [
      {
        name: 'direct',
        url: `${upstream.ready.url}/images/generations`,
        headers: { authorization: `Bearer ${API_KEY}` },
      },
    ];
    const nginxBinary = findNginx();
    let nginx: RunningNginx | null = null;
    if (nginxBinary) {
      nginx = await startNginx(nginxBinary, await freePort(), upstreamOrigin);
      stops.push(nginx.stop);
      const path = new URL(upstream.ready.url).pathname;
      targets.push({
        name: 'nginx',
        url: `${nginx.url}${path}/images/generations`,
        headers: { authorization: `Bearer ${API_KEY}` },
      });
    } else {
      lines.push('nginx: not installed (apt-get install nginx-light), so no reference proxy this run');
    }
    targets.push({ name: 'relay', url: `http://127.0.0.1:${relayPort}/v1/images/generations`, headers: {} });

    const results = new Map<string, TargetResult>(
      targets.map((target) => [target.name, { single: [], concurrent: [], concurrentWallMs: [] }]),
    );
    for (const target of targets)
      for (let i = 0; i < WARMUP_RUNS; i++) await measureStream(target.url, REQUEST_BODY, target.headers);

    // Targets take turns inside every repetition so drift in the machine's load hits all of them alike.
    for (let run = 0; run < SINGLE_RUNS; run++) {
      for (const target of rotate(targets, run))
        results.get(target.name)!.single.push(...(await runRound(target, 1)).samples);
    }
    for (let round = 0; round < CONCURRENT_ROUNDS; round++) {
      for (const target of rotate(targets, round)) {
        const { samples, wallMs } = await runRound(target, CONCURRENCY);
        const result = results.get(target.name)!;
        result.concurrent.push(...samples);
        result.concurrentWallMs.push(wallMs);
      }
    }

    const direct = results.get('direct')!;
    const expectedHash = direct.single[0]!.sha256;
    lines.push('');
    lines.push(
      `target   1 stream: first event / total     ${CONCURRENCY} streams: total per stream / round wall`,
    );
    for (const target of targets) {
      const result = results.get(target.name)!;
      lines.push(
        `${target.name.padEnd(8)} ${formatMs(median(result.single.map((s) => s.firstEventMs))).padStart(10)} / ${formatMs(median(result.single.map((s) => s.totalMs))).padStart(8)}` +
          `     ${formatMs(median(result.concurrent.map((s) => s.totalMs))).padStart(8)} / ${formatMs(median(result.concurrentWallMs)).padStart(8)}`,
      );
      const mismatched = [...result.single, ...result.concurrent].filter(
        (s) => s.sha256 !== expectedHash,
      ).length;
      if (mismatched > 0)
        failures.push(`${target.name}: ${mismatched} streams differ from the bytes sent upstream`);
    }
    lines.push(
      `bytes identical across all targets and runs: ${failures.length === 0 ? 'yes' : 'NO'} (${direct.single[0]!.bytes.toLocaleString('en-US')} bytes a stream)`,
    );

    const relayResult = results.get('relay')!;
    const addedFirstEvent =
      median(relayResult.single.map((s) => s.firstEventMs)) -
      median(direct.single.map((s) => s.firstEventMs));
    lines.push(
      `relay added time to first event (median, vs direct): ${formatMs(addedFirstEvent)}  target <= 5 ms`,
    );
    if (addedFirstEvent > 5)
      failures.push(`relay adds ${formatMs(addedFirstEvent)} to the first event (target 5 ms)`);

    const reference = nginx ? results.get('nginx')! : direct;
    const referenceName = nginx ? 'nginx' : 'direct';
    const singleRatio =
      median(relayResult.single.map((s) => s.totalMs)) / median(reference.single.map((s) => s.totalMs));
    const concurrentRatio =
      median(relayResult.concurrent.map((s) => s.totalMs)) /
      median(reference.concurrent.map((s) => s.totalMs));
    lines.push(
      `relay / ${referenceName} total time, 1 stream:   ${formatRatio(singleRatio)}  target <= 1.40x`,
    );
    lines.push(
      `relay / ${referenceName} total time, ${CONCURRENCY} streams: ${formatRatio(concurrentRatio)}  target <= 1.00x`,
    );
    if (nginx && singleRatio > 1.4)
      failures.push(`single-stream ratio ${formatRatio(singleRatio)} over 1.40x`);
    if (nginx && concurrentRatio > 1.0)
      failures.push(`${CONCURRENCY}-stream ratio ${formatRatio(concurrentRatio)} over 1.00x`);
  } finally {
    for (const stop of stops.reverse()) await stop();
  }
  return { lines, failures };
}

function rotate<T>(items: readonly T[], by: number): T[] {
  const offset = by % items.length;
  return [...items.slice(offset), ...items.slice(0, offset)];
}
