/**
 * What the next run would meet, said before Generate rather than after: a change the studio made to the
 * draft (and why, going by itself after a while), a rule the request breaks (it will not be sent), and the caveats of rules the sources
 * are not sure of (contract/rules.ts: the relay sends those on and the API decides). A live region, so a
 * screen reader hears it when it changes.
 */
import type { ApiErrorObject, Caveat, Certainty } from '../../contract/index.ts';
import { shownNotices } from '../../state/noticesSlice.ts';
import { useStudio, useStudioState } from '../../studio/index.ts';
import { PARAM_LABELS } from '../kit/format.ts';
import { NoticeBanner } from '../kit/NoticeBanner.tsx';

const CAVEAT_LEAD: Record<Certainty, string> = {
  confirmed: 'Note',
  reported: 'A reported rule, not an official one: the request is sent and the API may refuse it',
  unconfirmed: 'Unconfirmed: the request is sent and the API decides',
};

const labelOf = (param: string | null) => (param ? (PARAM_LABELS[param] ?? param) : 'Request');

export function DraftCaveats(props: { refusal: ApiErrorObject | null; caveats: readonly Caveat[] }) {
  const { refusal, caveats } = props;
  const all = useStudioState((state) => state.notices.notices);
  const { dismiss, hold } = useStudio().store.getState().notices;
  // The studio's change to the draft, while it is among the notices on show.
  const notice = shownNotices(all).find((shown) => shown.source === 'draft');
  return (
    <section aria-label="Before you send" aria-live="polite" className="flex flex-col gap-1.5 empty:hidden">
      {notice && (
        <NoticeBanner
          notice={notice}
          label="Draft changed"
          onDismiss={() => dismiss(notice.id)}
          onHold={(held) => hold(notice.id, held)}
        />
      )}
      {refusal && (
        <p className="rounded-lg border border-danger/50 bg-danger/10 px-3 py-2 text-[12px] leading-snug text-fg">
          <span className="font-medium text-danger">Not sendable · {labelOf(refusal.param)}:</span>{' '}
          {refusal.message}
        </p>
      )}
      {caveats.length > 0 && (
        <ul className="flex flex-col gap-1 rounded-lg border border-warn/40 bg-warn/10 px-3 py-2 text-[12px] leading-snug text-fg-muted">
          {caveats.map((caveat) => (
            <li key={caveat.param}>
              <span className="font-medium text-warn">{labelOf(caveat.param)}</span> ·{' '}
              <span className="text-fg-faint">{CAVEAT_LEAD[caveat.certainty]}.</span> {caveat.message}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
