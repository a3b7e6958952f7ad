/**
 * What the draft asks that the sources are not sure of (contract/rules.ts caveats): the relay sends it
 * on and the API decides, so the designer reads why before pressing Generate, not after.
 */
import type { Caveat } from '../contract/index.ts';
import { PARAM_LABELS } from './format.ts';

export function DraftCaveats({ caveats }: { caveats: readonly Caveat[] }) {
  if (caveats.length === 0) return null;
  return (
    <section
      aria-label="Caveats for this request"
      className="rounded-lg border border-warn/40 bg-warn/10 px-3 py-2 text-[12px] leading-snug text-fg-muted"
    >
      <ul className="flex flex-col gap-1">
        {caveats.map((caveat) => (
          <li key={caveat.param}>
            <span className="font-medium text-warn">{PARAM_LABELS[caveat.param] ?? caveat.param}:</span>{' '}
            {caveat.message}
          </li>
        ))}
      </ul>
    </section>
  );
}
