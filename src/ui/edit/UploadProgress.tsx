/** The running edit's upload, shown over the result panel until the first partial arrives. */
import { formatBytes } from '../../contract/index.ts';
import { useStudioState } from '../../studio/index.ts';

/** Below this an upload takes a blink on any connection, and a bar would only flicker. */
const UPLOAD_PROGRESS_MIN_BYTES = 1024 * 1024;

export function UploadProgress({ runId }: { runId: string }) {
  const progress = useStudioState(({ session }) =>
    session.uploadProgress?.runId === runId && session.uploadProgress.totalBytes > UPLOAD_PROGRESS_MIN_BYTES
      ? session.uploadProgress
      : null,
  );
  if (!progress) return null;
  const { sentBytes, totalBytes } = progress;
  const uploaded = sentBytes >= totalBytes;
  const text = uploaded
    ? `Uploaded ${formatBytes(totalBytes)}, waiting for the first partial`
    : `Uploading ${formatBytes(sentBytes)} of ${formatBytes(totalBytes)}`;
  return (
    <div className="absolute inset-x-0 bottom-6 flex justify-center px-6">
      <div className="flex w-full max-w-xs flex-col gap-2 rounded-lg border border-line bg-panel/90 px-4 py-3 shadow-lg backdrop-blur-sm">
        <p role="status" className="text-[12px] text-fg-muted tabular-nums">
          {text}
        </p>
        <div
          role="progressbar"
          aria-label="Upload"
          aria-valuemin={0}
          aria-valuemax={totalBytes}
          aria-valuenow={sentBytes}
          aria-valuetext={text}
          className="h-1 overflow-hidden rounded-full bg-raised"
        >
          <div
            className="h-full rounded-full bg-accent transition-[width] duration-200"
            style={{ width: `${Math.min(100, (sentBytes / totalBytes) * 100)}%` }}
          />
        </div>
      </div>
    </div>
  );
}
