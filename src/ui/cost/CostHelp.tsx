/** Where each cost figure comes from and how sure it is, plus what the current estimate assumes. */
import { COST_SOURCES, type SourceCertainty } from '../../contract/index.ts';
import { Badge, type BadgeTone } from '../kit/Badge.tsx';
import { HelpPopover } from '../kit/HelpPopover.tsx';

const CERTAINTY_LABELS: Record<SourceCertainty, { label: string; tone: BadgeTone }> = {
  published: { label: 'Published', tone: 'ok' },
  community: { label: 'Community', tone: 'accent' },
  undocumented: { label: 'Undocumented', tone: 'warn' },
};

export function CostHelp({ assumptions }: { assumptions: readonly string[] }) {
  return (
    <HelpPopover
      buttonLabel="How costs are estimated"
      dialogLabel="Cost sources"
      heading="Where the figures come from"
    >
      <ul className="flex flex-col gap-2">
        {COST_SOURCES.map((source) => (
          <li key={source.fact} className="flex flex-col gap-0.5">
            <span className="flex items-center justify-between gap-2 text-[12px] font-medium text-fg">
              {source.fact}
              <Badge tone={CERTAINTY_LABELS[source.certainty].tone}>
                {CERTAINTY_LABELS[source.certainty].label}
              </Badge>
            </span>
            <span className="text-[11px] leading-snug text-fg-muted">{source.source}</span>
          </li>
        ))}
      </ul>
      {assumptions.length > 0 && (
        <div className="mt-3 border-t border-line pt-2">
          <h4 className="mb-1 text-[11px] font-medium tracking-[0.08em] text-fg-faint uppercase">
            This estimate assumes
          </h4>
          <ul className="flex list-disc flex-col gap-0.5 pl-4 text-[11px] leading-snug text-fg-muted">
            {assumptions.map((assumption) => (
              <li key={assumption}>{assumption}</li>
            ))}
          </ul>
        </div>
      )}
    </HelpPopover>
  );
}
