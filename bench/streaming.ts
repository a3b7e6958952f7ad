/**
 * Streaming pass-through (issue 16, Speed): one generation of 3 partial images plus the final image at
 * 3840x2160 (about 8 MB of base64 a frame) from the stand-in upstream, received three ways — directly,
 * through nginx (`proxy_buffering off`) as the reference proxy, and through the relay with its upstream key
 * set, so the key redaction of every body byte is in place — with 1 and with 16 concurrent streams. A bare
 * node:http proxy (support/nodeProxy.ts) runs in the same rounds as the floor of Node's own HTTP stack, so a
 * gap to nginx that plain Node has too is told apart from one the relay adds.
 *
 * The machine is shared and noisy, so the targets are judged on paired rounds: each round runs every target,
 * nginx and the relay back to back; the relay's figure is divided by (for the first event, less) nginx's of
 * the same round, and the target applies to the median of those per-round figures.
 */
import {
  freePort,
  startTsxServer,
  startTsxServerReportingJson,
  type ServerProcess,
} from './support/processes.ts';
import { findNginx, startNginx } from './support/nginx.ts';
import { measureStream, receiveStream, type StreamSample } from './support/streamClient.ts';
import { formatMs, formatRatio, median } from './support/stats.ts';

/** Shaped like an OpenAI project key (`sk-proj-` and 156 more), so the redactor scans for a real one. */
const API_KEY = `sk-proj-${'bench0Key1Shaped2Like3OpenAI4'.repeat(6).slice(0, 156)}`;
const REQUEST_BODY = JSON.stringify({
  model: 'gpt-image-2',
  prompt: 'benchmark: a 4K stream of three partial images and the final one',
  size: '3840x2160',
  quality: 'high',
  stream: true,
  partial_images: 3,
});
// A first event is a few milliseconds, and the machine's noise moves one by as much: the median of 11
// rounds moved by a millisecond from run to run, so 31 (each takes a tenth of a second a target).
const SINGLE_ROUNDS = 31;
const CONCURRENT_ROUNDS = 9;
const CONCURRENCY = 16;
const WARMUP_RUNS = 2;

/** Issue 16's targets, against nginx in the same rounds. */
const TARGETS = { singleRatio: 1.0, concurrentRatio: 0.8, addedFirstEventMs: 2 };

interface Target {
  name: string;
  url: string;
  headers: Record<string, string>;
}

/** What one target did in one round: every stream's sample, and the round's wall-clock time. */
interface RoundResult {
  samples: StreamSample[];
  wallMs: number;
}

async function runRound(target: Target, concurrency: number, expected: Buffer): Promise<RoundResult> {
  const started = performance.now();
  const samples = await Promise.all(
    Array.from({ length: concurrency }, () =>
      measureStream(target.url, REQUEST_BODY, expected, target.headers),
    ),
  );
  return { samples, wallMs: performance.now() - started };
}

/**
 * Runs `rounds` rounds of every target in turn, keyed by target name. The list's order and its reverse take
 * turns, so nginx and the relay (last two) always run back to back, each first in every other round.
 */
async function runRounds(
  targets: readonly Target[],
  rounds: number,
  concurrency: number,
  expected: Buffer,
): Promise<Map<string, RoundResult>[]> {
  const results: Map<string, RoundResult>[] = [];
  for (let round = 0; round < rounds; round++) {
    const byTarget = new Map<string, RoundResult>();
    for (const target of round % 2 === 0 ? targets : [...targets].reverse())
      byTarget.set(target.name, await runRound(target, concurrency, expected));
    results.push(byTarget);
  }
  return results;
}

const medianOf = (samples: readonly StreamSample[], pick: (sample: StreamSample) => number) =>
  median(samples.map(pick));
const totalMs = (sample: StreamSample) => sample.totalMs;
const firstEventMs = (sample: StreamSample) => sample.firstEventMs;

/** The median over rounds of `compare(subject's round, the reference's round)`, with its range. */
function pairedFigure(
  rounds: readonly Map<string, RoundResult>[],
  [subjectName, referenceName]: readonly [string, string],
  compare: (subject: RoundResult, reference: RoundResult) => number,
): { median: number; min: number; max: number } {
  const figures = rounds.map((round) => compare(round.get(subjectName)!, round.get(referenceName)!));
  return { median: median(figures), min: Math.min(...figures), max: Math.max(...figures) };
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
        // The key makes the relay redact every byte it passes on (redact.ts), as it does in use.
        OPENAI_API_KEY: API_KEY,
        OPENAI_BASE_URL: upstream.ready.url,
        HOST: '127.0.0.1',
        PORT: String(relayPort),
      },
      `http://127.0.0.1:${relayPort}/healthz`,
    );
    stops.push(relay.stop);

    const nodeProxy = await startTsxServerReportingJson<{ url: string }>('bench/support/nodeProxy.ts', {
      BENCH_UPSTREAM: upstreamOrigin,
    });
    stops.push(nodeProxy.stop);
    const path = new URL(upstream.ready.url).pathname;
    const targets: Target[] = [
      {
        name: 'direct',
        url: `${upstream.ready.url}/images/generations`,
        headers: { authorization: `Bearer ${API_KEY}` },
      },
      {
        name: 'node',
        url: `${nodeProxy.ready.url}${path}/images/generations`,
        headers: { authorization: `Bearer ${API_KEY}` },
      },
    ];
    const nginxBinary = findNginx();
    if (nginxBinary) {
      const nginx = await startNginx(nginxBinary, await freePort(), upstreamOrigin);
      stops.push(nginx.stop);
      targets.push({
        name: 'nginx',
        url: `${nginx.url}${path}/images/generations`,
        headers: { authorization: `Bearer ${API_KEY}` },
      });
    } else {
      lines.push(
        'nginx: not installed (apt-get install nginx-light), so the figures below are against direct and no target applies',
      );
    }
    targets.push({ name: 'relay', url: `http://127.0.0.1:${relayPort}/v1/images/generations`, headers: {} });

    // What the upstream sends, every time: each stream through each target is compared with it.
    const expected = await receiveStream(targets[0]!.url, REQUEST_BODY, targets[0]!.headers);
    for (const target of targets)
      for (let i = 0; i < WARMUP_RUNS; i++)
        await measureStream(target.url, REQUEST_BODY, expected, target.headers);
    const single = await runRounds(targets, SINGLE_ROUNDS, 1, expected);
    const concurrent = await runRounds(targets, CONCURRENT_ROUNDS, CONCURRENCY, expected);

    lines.push('');
    lines.push(
      `target   1 stream: first event / total     ${CONCURRENCY} streams: total per stream / round wall   (medians)`,
    );
    for (const { name } of targets) {
      const singleSamples = single.flatMap((round) => round.get(name)!.samples);
      const concurrentSamples = concurrent.flatMap((round) => round.get(name)!.samples);
      lines.push(
        `${name.padEnd(8)} ${formatMs(medianOf(singleSamples, firstEventMs)).padStart(10)} / ${formatMs(medianOf(singleSamples, totalMs)).padStart(8)}` +
          `     ${formatMs(medianOf(concurrentSamples, totalMs)).padStart(8)} / ${formatMs(median(concurrent.map((round) => round.get(name)!.wallMs))).padStart(8)}`,
      );
      const mismatched = [...singleSamples, ...concurrentSamples].filter(
        (sample) => !sample.identical,
      ).length;
      if (mismatched > 0) failures.push(`${name}: ${mismatched} streams differ from the bytes sent upstream`);
    }
    lines.push(
      `bytes identical across all targets and rounds: ${failures.length === 0 ? 'yes' : 'NO'} (${expected.length.toLocaleString('en-US')} bytes a stream)`,
    );

    const reference = nginxBinary ? 'nginx' : 'direct';
    const judged = reference === 'nginx';
    lines.push('');
    lines.push(
      `relay against ${reference}, medians of ${SINGLE_ROUNDS} (1 stream) and ${CONCURRENT_ROUNDS} (${CONCURRENCY} streams) paired rounds [range]:`,
    );
    /** The three figures of `subject` against `against`, each the median of its paired rounds. */
    const figuresOf = (subject: string, against: string) => {
      const pair = [subject, against] as const;
      const added = (of: RoundResult, other: RoundResult) =>
        medianOf(of.samples, firstEventMs) - medianOf(other.samples, firstEventMs);
      const ratio = (of: RoundResult, other: RoundResult) =>
        medianOf(of.samples, totalMs) / medianOf(other.samples, totalMs);
      return [
        {
          label: 'added time to first event',
          value: pairedFigure(single, pair, added),
          format: (ms: number) => `${ms >= 0 ? '+' : ''}${formatMs(ms)}`,
          limit: TARGETS.addedFirstEventMs,
        },
        {
          label: 'total time, 1 stream',
          value: pairedFigure(single, pair, ratio),
          format: formatRatio,
          limit: TARGETS.singleRatio,
        },
        {
          label: `total time, ${CONCURRENCY} streams`,
          value: pairedFigure(concurrent, pair, ratio),
          format: formatRatio,
          limit: TARGETS.concurrentRatio,
        },
      ];
    };
    const describe = (figure: ReturnType<typeof figuresOf>[number], judge: boolean) => {
      const { label, value, format, limit } = figure;
      return (
        `  ${`${label}:`.padEnd(28)} ${format(value.median).padStart(9)}  [${format(value.min)} .. ${format(value.max)}]` +
        (judge ? `  target <= ${format(limit)}` : '')
      );
    };
    for (const figure of figuresOf('relay', reference)) {
      lines.push(describe(figure, judged));
      const { label, value, format, limit } = figure;
      if (judged && value.median > limit)
        failures.push(`relay / nginx ${label} ${format(value.median)}, over the target ${format(limit)}`);
    }
    // Not judged: where Node's own stack stands against the same reference, in the same rounds, and where no
    // proxy at all does, the floor of any.
    lines.push('');
    lines.push(`bare node:http proxy against ${reference}, the floor of Node's HTTP stack (no target):`);
    for (const figure of figuresOf('node', reference)) lines.push(describe(figure, false));
    if (judged) {
      lines.push('');
      lines.push(`no proxy (direct) against ${reference}, the floor of any proxy (no target):`);
      for (const figure of figuresOf('direct', reference)) lines.push(describe(figure, false));
    }
  } finally {
    for (const stop of stops.reverse()) await stop();
  }
  return { lines, failures };
}
