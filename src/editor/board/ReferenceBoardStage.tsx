/**
 * The reference board drawn in Konva: a strip of thumbnails (preview, name, size on disk), the first
 * marked as the edit target. Drag one to reorder while the others slide aside; × removes; the wheel
 * scrolls the strip when it overflows. Hit testing is the pure layout's, so no Konva node listens.
 *
 * For the keyboard and assistive technology the stage is a listbox whose options are visually hidden
 * and carry the same order: arrows move the focus (drawn as a ring), Alt+arrows reorder, Delete removes.
 */
import Konva from 'konva';
import {
  useEffect,
  useId,
  useLayoutEffect,
  useRef,
  useState,
  type KeyboardEvent,
  type PointerEvent,
} from 'react';
import { Group, Image as KonvaImage, Label, Layer, Line, Rect, Stage, Tag, Text } from 'react-konva';
import { formatBytes } from '../../contract/index.ts';
import type { BoardImage } from '../../state/board.ts';
import { useElementSize } from '../useElementSize.ts';
import {
  DRAG_THRESHOLD_PX,
  SLOT_HEIGHT,
  SLOT_WIDTH,
  STAGE_HEIGHT,
  clampScroll,
  coverCrop,
  displacedSlot,
  dropIndex,
  hitTest,
  previewRect,
  removeButtonRect,
  scrollToReveal,
  slotRect,
  type BoardHit,
  type Point,
} from './boardLayout.ts';

export const EDIT_TARGET_HINT = 'The mask applies here: the API applies it to the first image';
const SLIDE_SECONDS = 0.16;
/** While a drag nears an edge of an overflowing strip, each pointer move scrolls this far. */
const EDGE_SCROLL = { zone: 32, step: 12 };

/** The studio palette (studio.css), read once so the canvas matches the DOM around it. */
interface Theme {
  raised: string;
  active: string;
  canvas: string;
  line: string;
  lineStrong: string;
  fg: string;
  fgMuted: string;
  accent: string;
  accentFg: string;
  danger: string;
  font: string;
}

function readTheme(element: HTMLElement): Theme {
  const style = getComputedStyle(element);
  const colour = (name: string) => style.getPropertyValue(`--color-${name}`).trim();
  return {
    raised: colour('raised'),
    active: colour('active'),
    canvas: colour('canvas'),
    line: colour('line'),
    lineStrong: colour('line-strong'),
    fg: colour('fg'),
    fgMuted: colour('fg-muted'),
    accent: colour('accent'),
    accentFg: colour('accent-fg'),
    danger: colour('danger'),
    font: style.fontFamily,
  };
}

/**
 * The preview, cover-cropped and scaled once to the device's pixels: a 3000x2000 source redrawn on
 * every frame of a drag would cost far more than the strip is worth.
 */
function useThumbnailBitmap(url: string): ImageBitmap | null {
  const [bitmap, setBitmap] = useState<ImageBitmap | null>(null);
  useEffect(() => {
    let live = true;
    let made: ImageBitmap | null = null;
    const image = new Image();
    image.src = url;
    const box = previewRect();
    const ratio = window.devicePixelRatio || 1;
    image
      .decode()
      .then(() => {
        const crop = coverCrop({ width: image.naturalWidth, height: image.naturalHeight }, box);
        return createImageBitmap(image, crop.x, crop.y, crop.width, crop.height, {
          resizeWidth: Math.round(box.width * ratio),
          resizeHeight: Math.round(box.height * ratio),
          resizeQuality: 'high',
        });
      })
      .then((result) => {
        made = result;
        if (live) setBitmap(result);
        else result.close();
      })
      .catch(() => undefined);
    return () => {
      live = false;
      made?.close();
    };
  }, [url]);
  return bitmap;
}

interface ThumbnailProps {
  image: BoardImage;
  first: boolean;
  /** Left edge in strip coordinates; changes slide there unless `follow` (the dragged one tracks the pointer). */
  x: number;
  follow: boolean;
  hovered: boolean;
  removeHovered: boolean;
  focused: boolean;
  lifted: boolean;
  theme: Theme;
}

function Thumbnail({
  image,
  first,
  x,
  follow,
  hovered,
  removeHovered,
  focused,
  lifted,
  theme,
}: ThumbnailProps) {
  const groupRef = useRef<Konva.Group>(null);
  const placed = useRef(false);
  const bitmap = useThumbnailBitmap(image.url);

  useLayoutEffect(() => {
    const node = groupRef.current;
    if (!node) return;
    if (!placed.current || follow) {
      placed.current = true;
      node.x(x);
      return;
    }
    if (node.x() === x) return;
    const tween = new Konva.Tween({ node, x, duration: SLIDE_SECONDS, easing: Konva.Easings.EaseOut });
    tween.play();
    return () => tween.destroy();
  }, [x, follow]);

  const preview = previewRect();
  const remove = removeButtonRect();
  const textX = preview.x + 2;
  const textWidth = preview.width - 4;
  const textY = preview.y + preview.height + 7;
  return (
    <Group ref={groupRef} y={slotRect(0).y}>
      {focused && (
        <Rect
          x={-2.5}
          y={-2.5}
          width={SLOT_WIDTH + 5}
          height={SLOT_HEIGHT + 5}
          cornerRadius={10}
          stroke={theme.accent}
          strokeWidth={2}
        />
      )}
      <Rect
        width={SLOT_WIDTH}
        height={SLOT_HEIGHT}
        cornerRadius={8}
        fill={theme.raised}
        shadowEnabled={lifted}
        shadowColor="black"
        shadowBlur={16}
        shadowOffsetY={6}
        shadowOpacity={0.55}
      />
      {first && (
        <Rect width={SLOT_WIDTH} height={SLOT_HEIGHT} cornerRadius={8} fill={theme.accent} opacity={0.1} />
      )}
      <Rect
        x={0.5}
        y={0.5}
        width={SLOT_WIDTH - 1}
        height={SLOT_HEIGHT - 1}
        cornerRadius={8}
        stroke={first ? theme.accent : hovered || lifted ? theme.lineStrong : theme.line}
        strokeWidth={1}
        opacity={first ? 0.7 : 1}
      />
      <Rect {...preview} cornerRadius={6} fill={theme.active} />
      {bitmap && <KonvaImage image={bitmap} {...preview} cornerRadius={6} />}
      {first && (
        <Label x={preview.x + 4} y={preview.y + preview.height - 20}>
          <Tag fill={theme.accent} cornerRadius={4} shadowColor="black" shadowBlur={3} shadowOpacity={0.4} />
          <Text
            text="Edit target"
            fontFamily={theme.font}
            fontSize={10}
            fontStyle="600"
            fill={theme.accentFg}
            padding={3}
            paddingX={6}
          />
        </Label>
      )}
      {hovered && !lifted && (
        <Group x={remove.x} y={remove.y}>
          <Rect
            width={remove.width}
            height={remove.height}
            cornerRadius={5}
            fill={theme.canvas}
            opacity={0.8}
          />
          {[
            [7, 7, 13, 13],
            [13, 7, 7, 13],
          ].map((points) => (
            <Line
              key={points.join()}
              points={points}
              stroke={removeHovered ? theme.danger : theme.fgMuted}
              strokeWidth={1.6}
              lineCap="round"
            />
          ))}
        </Group>
      )}
      <Text
        x={textX}
        y={textY}
        width={textWidth}
        text={image.name}
        fontFamily={theme.font}
        fontSize={11}
        fontStyle="500"
        fill={theme.fg}
        wrap="none"
        ellipsis
      />
      <Text
        x={textX}
        y={textY + 16}
        width={textWidth}
        text={`${image.width} × ${image.height}`}
        fontFamily={theme.font}
        fontSize={10}
        fill={theme.fgMuted}
        wrap="none"
        ellipsis
      />
      <Text
        x={textX}
        y={textY + 29}
        width={textWidth}
        text={formatBytes(image.blob.size)}
        fontFamily={theme.font}
        fontSize={10}
        fill={theme.fgMuted}
      />
    </Group>
  );
}

/** A press on a thumbnail: a click until it travels past the threshold, then a drag. */
interface Press {
  pointerId: number;
  index: number;
  part: 'thumbnail' | 'remove';
  startX: number;
  /** Where in the thumbnail it was grabbed, so it does not jump to the pointer. */
  grabOffset: number;
  /** The dragged thumbnail's left edge in strip coordinates, once dragging. */
  left: number | null;
}

export interface ReferenceBoardStageProps {
  images: readonly BoardImage[];
  onMove: (from: number, to: number) => void;
  onRemove: (id: string) => void;
}

export function ReferenceBoardStage({ images, onMove, onRemove }: ReferenceBoardStageProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const size = useElementSize(containerRef);
  const optionPrefix = useId();
  const [theme, setTheme] = useState<Theme | null>(null);
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
    if (containerRef.current) setTheme(readTheme(containerRef.current));
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
    setPress({
      pointerId: event.pointerId,
      index: hit.index,
      part: hit.part,
      startX: point.x,
      grabOffset: point.x + scroll - slotRect(hit.index).x,
      left: null,
    });
  };

  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    const press = pressRef.current;
    const point = localPoint(event);
    if (!press || press.pointerId !== event.pointerId) {
      setHover(hitTest(point, count, scroll));
      return;
    }
    if (press.left === null && Math.abs(point.x - press.startX) < DRAG_THRESHOLD_PX) return;
    const edgeStep =
      point.x < EDGE_SCROLL.zone
        ? -EDGE_SCROLL.step
        : point.x > width - EDGE_SCROLL.zone
          ? EDGE_SCROLL.step
          : 0;
    const nextScroll = clampScroll(scroll + edgeStep, count, width);
    if (nextScroll !== scroll) setScroll(nextScroll);
    setPress({ ...press, left: point.x + nextScroll - press.grabOffset });
  };

  const onPointerUp = (event: PointerEvent<HTMLDivElement>) => {
    const press = pressRef.current;
    if (!press || press.pointerId !== event.pointerId) return;
    setPress(null);
    const point = localPoint(event);
    if (press.left !== null) {
      // Where the pointer is now, not the last rendered drag: a move may still be waiting to render.
      const to = dropIndex(point.x + scroll - press.grabOffset, count);
      if (to !== press.index) onMove(press.index, to);
      return;
    }
    const hit = hitTest(point, count, scroll);
    if (press.part === 'remove' && hit?.part === 'remove' && hit.index === press.index) {
      onRemove(images[press.index]!.id);
      setHover(null);
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (count === 0) return;
    const step = event.key === 'ArrowLeft' ? -1 : event.key === 'ArrowRight' ? 1 : 0;
    let handled = true;
    // Alt+arrow is the usual reorder chord; Ctrl/Cmd+Shift+arrow is there for where Alt+arrow means "Back".
    const reorder = event.altKey || (event.shiftKey && (event.ctrlKey || event.metaKey));
    if (step !== 0 && reorder) {
      const to = focusedIndex + step;
      if (to >= 0 && to < count) {
        onMove(focusedIndex, to);
        reveal(to);
      }
    } else if (step !== 0) focusItem(Math.min(count - 1, Math.max(0, focusedIndex + step)));
    else if (event.key === 'Home') focusItem(0);
    else if (event.key === 'End') focusItem(count - 1);
    else if (event.key === 'Delete' || event.key === 'Backspace') {
      const next = images[focusedIndex + 1] ?? images[focusedIndex - 1];
      onRemove(images[focusedIndex]!.id);
      setFocusedId(next?.id ?? null);
    } else handled = false;
    if (!handled) return;
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
                    <Thumbnail
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
