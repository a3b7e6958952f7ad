import { Suspense, type ReactNode } from 'react';
import { sessionSpend } from '../../state/budget.ts';
import {
  runCostInDollars,
  runElapsed,
  runFinals,
  runProblem,
  runStatus,
  runUsage,
  variantCostsInDollars,
  type Run,
} from '../../state/run.ts';
import { useInpaintPartsOfFinals, useModelLabel, useStudioState, useTurnsOf } from '../../studio/index.ts';
import { FILE_EXTENSION_OF_FORMAT } from '../../contract/index.ts';
import {
  FORMAT_LABELS,
  QUALITY_LABELS,
  describeSize,
  formatDollars,
  formatElapsed,
  formatTokens,
} from '../kit/format.ts';
import { DetailRow } from '../kit/DetailRow.tsx';
import { DownloadIcon } from '../kit/icons.tsx';
import { isComposited } from '../kit/inpaintText.ts';
import { lazyView } from '../kit/lazyView.tsx';

// Offered only beside a composited result, so its encoder code loads with the first one.
const LossyDownloads = lazyView(() =>
  import('../kit/LossyDownloads.tsx').then((module) => module.LossyDownloads),
);
import { useNow } from '../kit/useNow.ts';
import { ResultSeeds } from './ResultSeeds.tsx';

function Heading({ children }: { children: ReactNode }) {
  return <h2 className="mb-2 text-[12px] font-semibold text-fg">{children}</h2>;
}

/**
 * Each final as it is stored; a masked edit's composite (a lossless PNG, so the source's pixels stay exact)
 * can also be had as JPEG or WebP, made from it on demand.
 */
function DownloadLinks({ run }: { run: Run }) {
  const finals = runFinals(run);
  const parts = useInpaintPartsOfFinals(finals.map((image) => image.id));
  if (finals.length === 0) return null;
  return (
    <div className="flex flex-col gap-2">
      {finals.map((image, index) => {
        const extension = FILE_EXTENSION_OF_FORMAT[image.format];
        const format = FORMAT_LABELS[image.format];
        const which = (name: string) =>
          finals.length === 1 ? `Download ${name}` : `Download image ${index + 1} (${name})`;
        const baseName = `atelier-${run.id.slice(0, 8)}-${index + 1}`;
        return (
          <div key={image.url} className="flex flex-col gap-1.5">
            <a
              href={image.url}
              download={`${baseName}.${extension}`}
              className="inline-flex items-center justify-center gap-2 rounded-md border border-line bg-raised px-3 py-1.5 text-[13px] font-medium text-fg transition hover:border-line-strong hover:bg-active focus-visible:ring-2 focus-visible:ring-accent/70 focus-visible:outline-none"
            >
              <DownloadIcon />
              {which(format)}
            </a>
            {image.format === 'png' && isComposited(parts.get(image.id)?.record) && (
              <Suspense fallback={null}>
                <LossyDownloads
                  className="flex flex-col items-center gap-1"
                  load={async () => (await fetch(image.url)).blob()}
                  baseName={baseName}
                  nameOf={(lossy) => which(FORMAT_LABELS[lossy])}
                />
              </Suspense>
            )}
          </div>
        );
      })}
    </div>
  );
}

/**
 * A run sent through the Responses API: the mainline model that read the prompt, and what it rewrote the
 * prompt into for each image (the image tool draws the revised prompt, not the designer's words).
 */
function TurnDetails({ run }: { run: Run }) {
  const turns = useTurnsOf(run.variants.map((variant) => variant.id));
  const first = turns.find((turn) => turn !== null);
  if (!first) return null;
  const reported = turns.flatMap((turn) => (turn?.mainlineUsage ? [turn.mainlineUsage] : []));
  const mainline =
    reported.length > 0
      ? {
          inputTokens: reported.reduce((sum, usage) => sum + usage.inputTokens, 0),
          outputTokens: reported.reduce((sum, usage) => sum + usage.outputTokens, 0),
        }
      : null;
  const revised = turns.flatMap((turn, index) =>
    turn?.revisedPrompt ? [{ index, text: turn.revisedPrompt }] : [],
  );
  return (
    <section aria-label="Through the Responses API">
      <Heading>Responses API</Heading>
      <dl className="divide-y divide-line/60">
        <DetailRow term="Mainline model">{first.mainlineModel}</DetailRow>
        {first.background && <DetailRow term="Background">Renders with the tab closed</DetailRow>}
        {mainline && (
          <DetailRow term="Mainline tokens">
            <span title="Billed at the mainline model's rates, which the catalogue does not price">
              {formatTokens(mainline.inputTokens)} in · {formatTokens(mainline.outputTokens)} out
            </span>
          </DetailRow>
        )}
      </dl>
      {revised.map(({ index, text }) => (
        <p key={index} title={text} className="mt-2 line-clamp-6 text-[12px] leading-relaxed text-fg-muted">
          <span className="font-medium text-fg">
            {revised.length > 1 || run.variants.length > 1
              ? `Revised prompt ${index + 1}: `
              : 'Revised prompt: '}
          </span>
          {text}
        </p>
      ))}
    </section>
  );
}

/** Why a variant failed, from the run itself: it is stored with the result, so it is still said after a reload. */
function RunProblem({ run }: { run: Run }) {
  const problem = runProblem(run);
  if (!problem) return null;
  return (
    <section aria-label="Why it failed">
      <Heading>Why it failed</Heading>
      <p className="text-[12px] leading-relaxed text-fg-muted">{problem.message}</p>
      {problem.requestId && <p className="mt-1 text-[11px] text-fg-faint">Request {problem.requestId}</p>}
    </section>
  );
}

export function Inspector({ run }: { run: Run | null }) {
  const now = useNow(run !== null && runStatus(run) === 'streaming');
  const cost = run ? runCostInDollars(run) : null;
  const usage = run ? runUsage(run) : null;
  const variantCosts = run ? variantCostsInDollars(run) : [];
  const spent = useStudioState((state) => sessionSpend(state.session.runs));
  // A provider's own price is the bill, whatever tokens it reports (contract/cost.ts variantBill).
  const billedBy =
    run?.request.model.pricePerImage !== undefined
      ? 'Per image, not by tokens'
      : run?.request.model.usdPerCredit !== undefined
        ? 'In credits, not by tokens'
        : null;
  const labelOf = useModelLabel();
  return (
    <aside
      aria-label="Result"
      className="flex w-64 shrink-0 flex-col gap-5 overflow-y-auto border-l border-line bg-panel px-4 py-4"
    >
      {run ? (
        <>
          <section>
            <Heading>Result</Heading>
            <dl className="divide-y divide-line/60">
              <DetailRow term="Model">
                <span title={run.request.model.id}>{labelOf(run.request.model.id)}</span>
              </DetailRow>
              <DetailRow term="Size">{describeSize(runFinals(run)[0]?.size ?? run.request.size)}</DetailRow>
              <DetailRow term="Quality">{QUALITY_LABELS[run.request.quality]}</DetailRow>
              <DetailRow term="Format">{FORMAT_LABELS[run.request.outputFormat]}</DetailRow>
              <DetailRow term="Elapsed">{formatElapsed(runElapsed(run, now))}</DetailRow>
              <DetailRow term="Images">
                {runFinals(run).length} of {run.request.n}
              </DetailRow>
              <ResultSeeds run={run} />
            </dl>
          </section>
          <RunProblem run={run} />
          <TurnDetails run={run} />
          {usage && (
            <section>
              <Heading>Usage</Heading>
              <dl className="divide-y divide-line/60">
                <DetailRow term="Text input">{formatTokens(usage.textInputTokens)} tokens</DetailRow>
                {usage.imageInputTokens > 0 && (
                  <DetailRow term="Image input">{formatTokens(usage.imageInputTokens)} tokens</DetailRow>
                )}
                <DetailRow term="Output">{formatTokens(usage.outputTokens)} tokens</DetailRow>
                {billedBy && <DetailRow term="Billed">{billedBy}</DetailRow>}
                {cost !== null && (
                  <DetailRow term="Cost">
                    <span aria-label="Cost" className="font-semibold text-fg">
                      {formatDollars(cost)}
                    </span>
                  </DetailRow>
                )}
                {variantCosts.length > 1 &&
                  variantCosts.map((variantCost, index) => (
                    <DetailRow key={index} term={`Image ${index + 1}`}>
                      {variantCost === null ? '—' : formatDollars(variantCost)}
                    </DetailRow>
                  ))}
                {/* Only what this page has spent since it was opened (the ledger's periods are the cost
                    panel's), so it is named for that and not read as the whole spending. */}
                <DetailRow term="Spent this visit">
                  <span
                    aria-label="Spent this visit"
                    title="Since this page was opened. The cost panel counts today, this month or all time."
                  >
                    {formatDollars(spent)}
                  </span>
                </DetailRow>
              </dl>
            </section>
          )}
          <DownloadLinks run={run} />
          <section>
            <Heading>Prompt</Heading>
            <p className="line-clamp-6 text-[12px] leading-relaxed whitespace-pre-wrap text-fg-muted">
              {run.request.prompt}
            </p>
          </section>
        </>
      ) : (
        <p className="text-[12px] leading-relaxed text-fg-muted">
          Details of each result appear here: size, elapsed time, tokens and cost.
        </p>
      )}
    </aside>
  );
}
