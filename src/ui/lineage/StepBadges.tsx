import type { LineageNode } from '../../state/lineage.ts';
import { Badge } from '../kit/Badge.tsx';
import { statusBadge } from '../kit/format.ts';

/** What did not finish about a step, and whether the result it came from is gone. */
export function StepBadges({ node }: { node: LineageNode }) {
  const badge = statusBadge(node.entry.variant.status, node.entry.lastPartial !== null);
  return (
    <>
      {badge && <Badge tone={badge.tone}>{badge.label}</Badge>}
      {node.parentDeleted && <Badge tone="muted">Parent deleted</Badge>}
    </>
  );
}
