import type { StudioConfig } from '../../contract/index.ts';
import { useRelayAnswering } from '../../studio/index.ts';
import { GalleryToggle } from '../gallery/Gallery.tsx';

const BADGE_TONE: Record<StudioConfig['upstream']['kind'], string> = {
  offline: 'bg-ok',
  openai: 'bg-accent',
  'openai-compatible': 'bg-accent',
  task: 'bg-accent',
  leonardo: 'bg-accent',
};

export function EngineBadge({ upstream }: { upstream: StudioConfig['upstream'] | null }) {
  const answering = useRelayAnswering();
  if (!answering) {
    return (
      <div
        role="status"
        aria-label="Engine"
        title="The studio asks the relay every few seconds; this clears by itself once it answers again. Start it with npm start if it stopped."
        className="flex items-center gap-2 rounded-full border border-danger/60 bg-danger/15 px-3 py-1 text-[12px] text-fg"
      >
        <span aria-hidden className="size-1.5 rounded-full bg-danger" />
        The relay is not answering
      </div>
    );
  }
  return (
    <div
      role="status"
      aria-label="Engine"
      title={
        upstream?.kind === 'offline'
          ? 'Images are made on this machine by the offline engine: no network, no cost.'
          : upstream
            ? `Requests go to ${upstream.host ?? upstream.label} and are billed to its key.`
            : 'Asking the relay which engine answers…'
      }
      className="flex items-center gap-2 rounded-full border border-line bg-raised px-3 py-1 text-[12px] text-fg"
    >
      <span
        aria-hidden
        className={`size-1.5 rounded-full ${upstream ? BADGE_TONE[upstream.kind] : 'bg-fg-faint'}`}
      />
      {upstream?.label ?? 'Connecting…'}
    </div>
  );
}

export function TopBar({ upstream }: { upstream: StudioConfig['upstream'] | null }) {
  return (
    <header className="flex h-12 shrink-0 items-center justify-between border-b border-line bg-panel px-4">
      <div className="flex items-center gap-2.5">
        <img src="/favicon.svg" alt="" className="size-5" />
        <h1 className="text-[14px] font-semibold tracking-tight text-fg">Atelier</h1>
        <span className="text-[12px] text-fg-faint">Image studio</span>
      </div>
      <div className="flex items-center gap-3">
        <GalleryToggle />
        <EngineBadge upstream={upstream} />
      </div>
    </header>
  );
}
