/**
 * The region a region edit sends, framed on the mask canvas: a dashed accent outline, its size on a tab
 * above it, and handles at its corners and edges. The designer drags the outline or the tab to move it and
 * a handle to resize it (regionFrameGesture.ts); while they do, the view is updated in place through
 * `showRegionFrame`, and React draws it again from the store once the gesture ends (design.md §4).
 */
import type Konva from 'konva';
import { Group, Rect } from 'react-konva';
import type { PixelBox } from '../state/mask.ts';
import { LabelTab, labelTabLayout } from './canvasLabel.tsx';
import { FRAME_HANDLES, FRAME_HANDLE_PX, frameLabel, frameLabelBox } from './regionFrameGesture.ts';

/** The studio's accent: the frame is the studio's, not part of the mask. */
export const REGION_FRAME_COLOUR = '#8b93ff';

const handleName = (index: number) => `handle-${index}`;

/** Every part's geometry, in natural pixels, for a frame at `scale` screen pixels per natural pixel. */
function frameLayout(box: PixelBox, scale: number) {
  const handle = FRAME_HANDLE_PX / scale;
  return {
    outline: { x: box.left, y: box.top, width: box.width, height: box.height, dash: [8 / scale, 5 / scale] },
    name: labelTabLayout(frameLabel(box), frameLabelBox(box, scale), scale),
    handles: FRAME_HANDLES.map(({ x, y }) => ({
      x: box.left + ((x + 1) / 2) * box.width - handle / 2,
      y: box.top + ((y + 1) / 2) * box.height - handle / 2,
      width: handle,
      height: handle,
      strokeWidth: 1.25 / scale,
    })),
  };
}

/** Redraws the frame's nodes for `box` in place: the gesture's hot path, off React's render. */
export function showRegionFrame(group: Konva.Group, box: PixelBox, scale: number): void {
  const layout = frameLayout(box, scale);
  group.findOne('.outline')?.setAttrs(layout.outline);
  group.findOne('.tab')?.setAttrs(layout.name.tab);
  group.findOne('.label')?.setAttrs(layout.name.label);
  layout.handles.forEach((handle, index) => group.findOne(`.${handleName(index)}`)?.setAttrs(handle));
  group.getLayer()?.batchDraw();
}

export function RegionFrame({
  box,
  scale,
  groupRef,
}: {
  box: PixelBox;
  scale: number;
  groupRef: { current: Konva.Group | null };
}) {
  const layout = frameLayout(box, scale);
  return (
    <Group ref={groupRef}>
      <Rect
        name="outline"
        {...layout.outline}
        stroke={REGION_FRAME_COLOUR}
        strokeWidth={1.5}
        strokeScaleEnabled={false}
        shadowColor="black"
        shadowBlur={2}
        shadowOpacity={0.8}
      />
      <LabelTab layout={layout.name} colour={REGION_FRAME_COLOUR} />
      {layout.handles.map((handle, index) => (
        <Rect
          key={handleName(index)}
          name={handleName(index)}
          {...handle}
          fill="white"
          stroke={REGION_FRAME_COLOUR}
          shadowColor="black"
          shadowBlur={2}
          shadowOpacity={0.6}
        />
      ))}
    </Group>
  );
}
