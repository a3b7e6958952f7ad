/**
 * The reference board drawn in Konva: a strip of thumbnails (preview, name, size on disk), the first
 * marked as the edit target. Drag one to reorder while the others slide aside; × removes; the wheel
 * scrolls the strip when it overflows. Hit testing is the pure layout's, so no Konva node listens.
 *
 * For the keyboard and assistive technology the stage is a listbox whose options are visually hidden
 * and carry the same order: arrows move the focus (drawn as a ring), Alt+arrows reorder, Delete removes.
 */
import {
  useEffect,
  useId,
  useLayoutEffect,
  useRef,
  useState,
  type KeyboardEvent,
  type PointerEvent,
} from 'react';
import { Group, Layer, Stage } from 'react-konva';
import { formatBytes } from '../../contract/index.ts';
import type { BoardImage } from '../../state/board.ts';
import { useElementSize } from '../useElementSize.ts';
import { BoardThumbnail } from './BoardThumbnail.tsx';
import { boardKeyCommand } from './boardKeyboard.ts';
import {
  STAGE_HEIGHT,
  clampScroll,
  displacedSlot,
  dropIndex,
  hitTest,
  removeButtonRect,
  scrollToReveal,
  slotRect,
  type BoardHit,
  type Point,
} from './boardLayout.ts';
import { readBoardTheme, type BoardTheme } from './boardTheme.ts';
import { dragPress, releasePress, startPress, type Press } from './reorderGesture.ts';

export const EDIT_TARGET_HINT = 'The mask applies here: the API applies it to the first image';

export interface ReferenceBoardStageProps {
  images: readonly BoardImage[];
  onMove: (from: number, to: number) => void;
  onRemove: (id: string) => void;
}

export function ReferenceBoardStage({ images, onMove, onRemove }: ReferenceBoardStageProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const size = useElementSize(containerRef);
  const optionPrefix = useId();
  const [theme, setTheme] = useState<BoardTheme | null>(null);
  const [focusedId, setFocusedId] = useState<string | null>(null);
  const [focusVisible, setFocusVisible] = useState(false);
  const [hover, setHover] = useState<BoardHit>(null);
  const [shownPress, setShownPress] = useState<Press | null>(null);
  // Handlers read the press here: a pointer event can arrive before the previous one's render.
  const pressRef = useRef<Press | null>(null);
  const setPress = (next: Press | null) => {
    pressRef.current = next;
    setShownPress(next);
  };
  const [chosenScroll, setScroll] = useState(0);

  const count = images.length;
  const width = size?.width ?? 0;
  const scroll = clampScroll(chosenScroll, count, width);
  const focusedIndex = Math.max(
    0,
    images.findIndex((image) => image.id === focusedId),
  );
  const dragging =
    shownPress !== null && shownPress.left !== null
      ? { from: shownPress.index, left: shownPress.left }
      : null;
  const dropTo = dragging ? dropIndex(dragging.left, count) : null;

  useLayoutEffect(() => {
    if (containerRef.current) setTheme(readBoardTheme(containerRef.current));
  }, []);

  // The wheel listener lives outside React's render; it reads the strip through this ref.
  const stripRef = useRef({ count, width, scroll });
  useLayoutEffect(() => {
    stripRef.current = { count, width, scroll };
  });

  // Vertical wheels scroll the strip too (most mice have no horizontal wheel); preventDefault needs a
  // non-passive listener, which React's onWheel is not.
  useEffect(() => {
    const element = containerRef.current;
    if (!element) return;
    const onWheel = (event: WheelEvent) => {
      const strip = stripRef.current;
      const delta = Math.abs(event.deltaX) > Math.abs(event.deltaY) ? event.deltaX : event.deltaY;
      const next = clampScroll(strip.scroll + delta, strip.count, strip.width);
      if (next === strip.scroll) return;
      event.preventDefault();
      setScroll(next);
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
  }, []);

  const reveal = (index: number) => setScroll(scrollToReveal(index, scroll, count, width));

  const focusItem = (index: number) => {
    const image = images[index];
    if (!image) return;
    setFocusedId(image.id);
    reveal(index);
  };

  const localPoint = (event: { clientX: number; clientY: number }): Point => {
    const box = containerRef.current!.getBoundingClientRect();
    return { x: event.clientX - box.left, y: event.clientY - box.top };
  };

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    const press = pressRef.current;
    if (event.button !== 0 || press) return;
    const point = localPoint(event);
    const hit = hitTest(point, count, scroll);
    if (!hit) return;
    // The default would focus the container after this handler and select text; focus it here instead.
    event.preventDefault();
    containerRef.current!.focus({ preventScroll: true });
    setFocusVisible(false);
    setFocusedId(images[hit.index]!.id);
    event.currentTarget.setPointerCapture(event.pointerId);
    setPress(startPress(event.pointerId, hit, point, scroll));
  };

  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    const press = pressRef.current;
    const point = localPoint(event);
    if (!press || press.pointerId !== event.pointerId) {
      setHover(hitTest(point, count, scroll));
      return;
    }
    const drag = dragPress(press, point.x, scroll, count, width);
    if (!drag) return;
    if (drag.scroll !== scroll) setScroll(drag.scroll);
    setPress(drag.press);
  };

  const onPointerUp = (event: PointerEvent<HTMLDivElement>) => {
    const press = pressRef.current;
    if (!press || press.pointerId !== event.pointerId) return;
    setPress(null);
    const outcome = releasePress(press, localPoint(event), count, scroll);
    if (outcome?.kind === 'move') onMove(outcome.from, outcome.to);
    else if (outcome?.kind === 'remove') {
      onRemove(images[outcome.index]!.id);
      setHover(null);
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const command = boardKeyCommand(event, focusedIndex, count);
    if (!command) return;
    if (command.kind === 'move') {
      onMove(command.from, command.to);
      reveal(command.to);
    } else if (command.kind === 'focus') focusItem(command.index);
    else if (command.kind === 'remove') {
      onRemove(images[command.index]!.id);
      setFocusedId(command.focusNext === null ? null : images[command.focusNext]!.id);
    }
    event.preventDefault();
    // The mask editor's window-wide shortcuts must not also act on these keys.
    event.stopPropagation();
    setFocusVisible(true);
  };

  const optionId = (image: BoardImage) => `${optionPrefix}-${image.id}`;
  const hoveredIndex = dragging ? null : (hover?.index ?? null);
  const removeButton = removeButtonRect();
  const cursor = dragging ? 'grabbing' : hover?.part === 'remove' ? 'pointer' : hover ? 'grab' : 'default';
  const thumbnails = images.map((image, index) => ({ image, index }));
  // The dragged thumbnail is drawn last, so it passes over the others.
  if (dragging) thumbnails.push(...thumbnails.splice(dragging.from, 1));

  return (
    <>
      <span id={`${optionPrefix}-keys`} className="sr-only">
        Arrow keys choose an image, Alt+arrow moves it, Delete removes it. The first image is the edit target.
      </span>
      <div
        ref={containerRef}
        role="listbox"
        aria-label="Reference images"
        aria-orientation="horizontal"
        aria-activedescendant={count > 0 ? optionId(images[focusedIndex]!) : undefined}
        aria-describedby={`${optionPrefix}-keys`}
        tabIndex={0}
        title={hoveredIndex === 0 ? EDIT_TARGET_HINT : undefined}
        onKeyDown={onKeyDown}
        onFocus={(event) => setFocusVisible(event.currentTarget.matches(':focus-visible'))}
        onBlur={() => setFocusVisible(false)}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={() => setPress(null)}
        onPointerLeave={() => setHover(null)}
        className="relative w-full touch-pan-y rounded-lg outline-none select-none"
        style={{ height: STAGE_HEIGHT, cursor }}
      >
        {images.map((image, index) => {
          const slot = slotRect(index);
          const x = slot.x - scroll;
          return (
            <div
              key={image.id}
              id={optionId(image)}
              role="option"
              aria-selected={index === focusedIndex}
              aria-label={`${index + 1}. ${image.name}${index === 0 ? ', edit target' : ''}`}
              data-slot={[x, slot.y, slot.width, slot.height].join(',')}
              data-remove-button={[
                x + removeButton.x + removeButton.width / 2,
                slot.y + removeButton.y + removeButton.height / 2,
              ].join(',')}
              aria-describedby={`${optionId(image)}-details`}
              className="sr-only"
            >
              <span id={`${optionId(image)}-details`}>
                {image.width} × {image.height}, {formatBytes(image.blob.size)}
                {index === 0 && `. ${EDIT_TARGET_HINT}`}
              </span>
            </div>
          );
        })}
        {size && theme && (
          <Stage width={size.width} height={STAGE_HEIGHT}>
            <Layer listening={false}>
              <Group x={-scroll}>
                {thumbnails.map(({ image, index }) => {
                  const lifted = dragging?.from === index;
                  const shownAt =
                    dragging && dropTo !== null ? displacedSlot(index, dragging.from, dropTo) : index;
                  return (
                    <BoardThumbnail
                      key={image.id}
                      image={image}
                      first={index === 0}
                      x={lifted ? dragging.left : slotRect(shownAt).x}
                      follow={lifted}
                      hovered={hoveredIndex === index}
                      removeHovered={hoveredIndex === index && hover?.part === 'remove'}
                      focused={focusVisible && index === focusedIndex}
                      lifted={lifted}
                      theme={theme}
                    />
                  );
                })}
              </Group>
            </Layer>
          </Stage>
        )}
      </div>
    </>
  );
}
