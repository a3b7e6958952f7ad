import type { ReactNode } from 'react';

/**
 * One term and its value in a details list (`<dl>`): the inspector's and the gallery's. Long values wrap
 * rather than being cut, so a request id or an error can be read in full.
 */
export function DetailRow({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="flex items-baseline justify-between gap-3 py-1">
      <dt className="shrink-0 text-[12px] text-fg-muted">{term}</dt>
      <dd className="min-w-0 text-right text-[12px] break-words tabular-nums text-fg">{children}</dd>
    </div>
  );
}
