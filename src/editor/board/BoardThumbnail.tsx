/** One thumbnail on the reference board: preview, name, size on disk, and the × shown on hover. */
import Konva from 'konva';
import { useLayoutEffect, useRef } from 'react';
import { Group, Image as KonvaImage, Label, Line, Rect, Tag, Text } from 'react-konva';
import { formatBytes } from '../../contract/index.ts';
import type { BoardImage } from '../../state/board.ts';
import { SLOT_HEIGHT, SLOT_WIDTH, previewRect, removeButtonRect, slotRect } from './boardLayout.ts';
import type { BoardTheme } from './boardTheme.ts';
import { useThumbnailBitmap } from './useThumbnailBitmap.ts';

const SLIDE_SECONDS = 0.16;

export interface BoardThumbnailProps {
  image: BoardImage;
  first: boolean;
  /** Left edge in strip coordinates; changes slide there unless `follow` (the dragged one tracks the pointer). */
  x: number;
  follow: boolean;
  hovered: boolean;
  removeHovered: boolean;
  focused: boolean;
  lifted: boolean;
  theme: BoardTheme;
}

export function BoardThumbnail({
  image,
  first,
  x,
  follow,
  hovered,
  removeHovered,
  focused,
  lifted,
  theme,
}: BoardThumbnailProps) {
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
