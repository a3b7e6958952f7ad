import { useLayoutEffect, useRef, type ReactNode } from 'react';

/**
 * A full-window modal: the native <dialog> traps focus, restores it on close and stacks a second modal
 * (compare, opened from history) above the first.
 */
export function StudioDialog(props: {
  title: string;
  onClose: () => void;
  /** Controls beside the title. */
  toolbar?: ReactNode;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  // Before any child's effect, so a child that moves focus (history's selected row) is not overruled by
  // showModal() focusing the first button.
  useLayoutEffect(() => {
    const dialog = ref.current!;
    if (!dialog.open) dialog.showModal();
    return () => dialog.close();
  }, []);
  return (
    <dialog
      ref={ref}
      aria-label={props.title}
      onCancel={(event) => {
        event.preventDefault();
        props.onClose();
      }}
      // The studio cancels a running stream on Escape; here Escape only closes the dialog.
      onKeyDown={(event) => {
        if (event.key === 'Escape') event.stopPropagation();
      }}
      className="fixed inset-0 m-auto h-[calc(100dvh-3rem)] max-h-none w-[calc(100vw-3rem)] max-w-none flex-col overflow-hidden open:flex rounded-xl border border-line bg-panel p-0 text-fg shadow-2xl backdrop:bg-black/65"
    >
      <header className="flex shrink-0 items-center gap-4 border-b border-line px-5 py-3">
        <h2 className="text-[14px] font-semibold">{props.title}</h2>
        <div className="flex flex-1 items-center gap-3">{props.toolbar}</div>
        <button
          type="button"
          onClick={props.onClose}
          aria-label={`Close ${props.title.toLowerCase()}`}
          className="grid size-7 place-items-center rounded-md text-fg-muted transition hover:bg-active hover:text-fg focus-visible:ring-2 focus-visible:ring-accent/70 focus-visible:outline-none"
        >
          <svg aria-hidden viewBox="0 0 16 16" className="size-3.5">
            <path d="M3.5 3.5l9 9m0-9l-9 9" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
          </svg>
        </button>
      </header>
      {props.children}
    </dialog>
  );
}
