import { shownNotices } from '../../state/noticesSlice.ts';
import { useStudio, useStudioState } from '../../studio/index.ts';
import { NoticeBanner } from '../kit/NoticeBanner.tsx';

/**
 * A storage failure in plain words, while it is among the notices on show. What could not be saved is
 * still shown in this tab, so the designer can download it before closing.
 */
export function StorageBanner() {
  const all = useStudioState((state) => state.notices.notices);
  const { dismiss, hold } = useStudio().store.getState().notices;
  const notice = shownNotices(all).find((shown) => shown.source === 'storage');
  if (!notice) return null;
  return (
    <NoticeBanner
      notice={notice}
      label="Storage problem"
      onDismiss={() => dismiss(notice.id)}
      onHold={(held) => hold(notice.id, held)}
    >
      {' '}
      <span className="text-fg-muted">
        Images already on screen stay in this tab: download what you want to keep before closing it.
      </span>
    </NoticeBanner>
  );
}
