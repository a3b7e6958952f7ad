/**
 * A small "?" button that opens a non-modal help dialog beside it. The dialog is fixed to the viewport so
 * a scrolling panel cannot clip it; Escape or a click elsewhere closes it and focus returns to the button.
 */
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';

export function HelpPopover(props: {
  /** The button's accessible name, e.g. "How costs are estimated". */
  buttonLabel: string;
  /** The dialog's accessible name. */
  dialogLabel: string;
  heading: string;
  children: ReactNode;
}) {
  const id = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const dialogRef = useRef<HTMLDivElement>(null);
  const [anchor, setAnchor] = useState<{ left: number; top?: number; bottom?: number } | null>(null);
  const open = anchor !== null;

  useEffect(() => {
    if (!open) return;
    dialogRef.current?.focus();
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      // Escape closes the help first; it must not also cancel a run streaming behind it.
      event.stopImmediatePropagation();
      setAnchor(null);
      buttonRef.current?.focus();
    };
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!dialogRef.current?.contains(target) && !buttonRef.current?.contains(target)) setAnchor(null);
    };
    window.addEventListener('keydown', onKeyDown, { capture: true });
    window.addEventListener('pointerdown', onPointerDown);
    return () => {
      window.removeEventListener('keydown', onKeyDown, { capture: true });
      window.removeEventListener('pointerdown', onPointerDown);
    };
  }, [open]);

  return (
    <>
      <button
        ref={buttonRef}
        type="button"
        aria-label={props.buttonLabel}
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        onClick={(event) => {
          if (open) return setAnchor(null);
          const box = event.currentTarget.getBoundingClientRect();
          const left = box.right + 12;
          // Beside the button, opening downwards in the top half of the window and upwards in the bottom.
          setAnchor(
            box.top < window.innerHeight / 2
              ? { left, top: Math.max(8, box.top - 8) }
              : { left, bottom: Math.max(8, window.innerHeight - box.bottom - 8) },
          );
        }}
        className="grid size-5 shrink-0 place-items-center rounded-full border border-line-strong text-[11px] font-semibold text-fg-muted transition hover:border-fg-faint hover:text-fg focus-visible:ring-2 focus-visible:ring-accent/70 focus-visible:outline-none"
      >
        ?
      </button>
      {anchor && (
        <div
          ref={dialogRef}
          id={id}
          role="dialog"
          aria-label={props.dialogLabel}
          // In the tab order, so a long note scrolls from the keyboard as well as taking focus on open.
          tabIndex={0}
          style={{ ...anchor, maxHeight: `calc(100vh - ${(anchor.top ?? anchor.bottom ?? 0) + 16}px)` }}
          className="fixed z-30 w-80 overflow-y-auto rounded-lg border border-line-strong bg-raised p-3 shadow-2xl shadow-black/50 outline-none"
        >
          <h3 className="mb-2 text-[12px] font-semibold text-fg">{props.heading}</h3>
          {props.children}
        </div>
      )}
    </>
  );
}
