import { useEffect, useState } from 'react';
import { INSUFFICIENT_QUOTA_CODE, isRetryableFailure } from '../../contract/index.ts';
import type { Problem } from '../../contract/index.ts';
import { useStudioState } from '../../studio/index.ts';
import { PARAM_LABELS } from '../kit/format.ts';
import { IconButton } from '../kit/IconButton.tsx';
import { AlertIcon, CloseIcon } from '../kit/icons.tsx';

/**
 * Whether the same request may succeed if sent again: a failure the API calls retryable (429, 5xx), or one
 * that broke off mid-stream or on the way (status 0). The studio's own refusals and exhausted quota never.
 */
function canRetry(problem: Problem): boolean {
  if (problem.local || problem.code === INSUFFICIENT_QUOTA_CODE) return false;
  return problem.status === 0 || isRetryableFailure(problem.status, problem.code);
}

/** Whole seconds left of the wait `problem` asks for, counted from when it arrived; 0 once it is over. */
function useSecondsLeft(problem: Problem): number {
  const [left, setLeft] = useState(problem.retryAfter ?? 0);
  useEffect(() => {
    const waitUntil = Date.now() + (problem.retryAfter ?? 0) * 1000;
    const tick = () => {
      const seconds = Math.max(0, Math.ceil((waitUntil - Date.now()) / 1000));
      setLeft(seconds);
      return seconds;
    };
    if (tick() === 0) return;
    const timer = setInterval(() => {
      if (tick() === 0) clearInterval(timer);
    }, 250);
    return () => clearInterval(timer);
  }, [problem]);
  return left;
}

/**
 * A refusal in plain words: the field at fault first, then the API's own message. A retryable failure
 * offers Retry (the same draft, sent again) once any wait the API asked for has been counted down.
 */
export function ProblemBanner({ problem, onRetry }: { problem: Problem; onRetry: () => void }) {
  const dismiss = useStudioState((state) => state.session.dismissProblem);
  const field = problem.param ? (PARAM_LABELS[problem.param] ?? problem.param) : null;
  const secondsLeft = useSecondsLeft(problem);
  const retryable = canRetry(problem);
  const details = [
    problem.local ? 'Checked in the studio: nothing was sent.' : null,
    !problem.local && problem.status > 0 ? `HTTP ${problem.status}` : null,
    problem.code === INSUFFICIENT_QUOTA_CODE
      ? 'The account is out of credit, so no retry will help: add credit in the billing settings first.'
      : null,
    problem.requestId ? `Request ${problem.requestId}` : null,
  ].filter(Boolean);
  return (
    <div
      role="alert"
      className="flex items-start gap-3 rounded-lg border border-danger/50 bg-danger/10 px-3.5 py-2.5 text-[13px] text-fg"
    >
      <AlertIcon className="mt-0.5 size-4 shrink-0 text-danger" />
      <div className="min-w-0 flex-1">
        <p className="leading-snug">
          {field && <strong className="font-semibold text-danger">{field}: </strong>}
          {problem.message}
        </p>
        {details.length > 0 && <p className="mt-0.5 text-[11px] text-fg-muted">{details.join(' · ')}</p>}
      </div>
      {retryable && (
        <button
          type="button"
          disabled={secondsLeft > 0}
          onClick={onRetry}
          className="shrink-0 rounded-md border border-line-strong px-2.5 py-1 text-[12px] font-medium text-fg tabular-nums hover:bg-raised focus-visible:ring-2 focus-visible:ring-accent/70 focus-visible:outline-none disabled:cursor-default disabled:text-fg-muted disabled:hover:bg-transparent"
        >
          {secondsLeft > 0 ? `Retry in ${secondsLeft} s` : 'Retry'}
        </button>
      )}
      <IconButton label="Dismiss" size="small" onClick={dismiss}>
        <CloseIcon />
      </IconButton>
    </div>
  );
}
