import type { RunProblem } from '../state/run.ts';
import { useSessionStore } from '../state/sessionStore.ts';
import { PARAM_LABELS } from './format.ts';

/** A refusal in plain words: the field at fault first, then the API's own message. */
export function ProblemBanner({ problem }: { problem: RunProblem }) {
  const field = problem.param ? (PARAM_LABELS[problem.param] ?? problem.param) : null;
  const details = [
    problem.local ? 'Checked in the studio: nothing was sent.' : null,
    !problem.local && problem.status > 0 ? `HTTP ${problem.status}` : null,
    problem.retryAfter !== null ? `Retry in ${problem.retryAfter} s` : null,
    problem.requestId ? `Request ${problem.requestId}` : null,
  ].filter(Boolean);
  return (
    <div
      role="alert"
      className="flex items-start gap-3 rounded-lg border border-danger/50 bg-danger/10 px-3.5 py-2.5 text-[13px] text-fg"
    >
      <svg aria-hidden viewBox="0 0 16 16" className="mt-0.5 size-4 shrink-0 text-danger">
        <circle cx="8" cy="8" r="6.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
        <path d="M8 4.5v4.2M8 11.2v.3" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
      </svg>
      <div className="min-w-0 flex-1">
        <p className="leading-snug">
          {field && <strong className="font-semibold text-danger">{field}: </strong>}
          {problem.message}
        </p>
        {details.length > 0 && <p className="mt-0.5 text-[11px] text-fg-muted">{details.join(' · ')}</p>}
      </div>
      <button
        type="button"
        aria-label="Dismiss"
        onClick={() => useSessionStore.getState().dismissProblem()}
        className="rounded p-0.5 text-fg-muted hover:text-fg focus-visible:ring-2 focus-visible:ring-accent/70 focus-visible:outline-none"
      >
        <svg aria-hidden viewBox="0 0 16 16" className="size-3.5">
          <path d="M4 4l8 8M12 4l-8 8" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
        </svg>
      </button>
    </div>
  );
}
