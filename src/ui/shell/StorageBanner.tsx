import { latestNotice } from '../../state/noticesSlice.ts';
import { useStudioState } from '../../studio/index.ts';

/**
 * A storage failure in plain words. What could not be saved is still shown in this tab, so the designer
 * can download it before closing.
 */
export function StorageBanner() {
  const notice = useStudioState((state) => latestNotice(state.notices.notices, 'storage'));
  const dismiss = useStudioState((state) => state.notices.dismiss);
  if (!notice) return null;
  return (
    <div
      role="alert"
      aria-label="Storage problem"
      className="flex items-start gap-3 rounded-lg border border-warn/50 bg-warn/10 px-3 py-2 text-[13px] leading-snug text-fg"
    >
      <span aria-hidden className="mt-1.5 size-1.5 shrink-0 rounded-full bg-warn" />
      <p className="flex-1">
        {notice.text}{' '}
        <span className="text-fg-muted">
          Images already on screen stay in this tab: download what you want to keep before closing it.
        </span>
      </p>
      <button
        type="button"
        onClick={() => dismiss(notice.id)}
        className="shrink-0 rounded-md px-2 py-0.5 text-[12px] text-fg-muted transition hover:bg-active hover:text-fg"
      >
        Dismiss
      </button>
    </div>
  );
}
