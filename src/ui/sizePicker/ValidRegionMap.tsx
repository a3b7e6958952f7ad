/**
 * A map of every size the flexible rule accepts (width across, height up), with the current size as a
 * point the designer can drag or nudge with the arrow keys; the point never leaves the valid region.
 */
import { useMemo, useRef, type KeyboardEvent, type PointerEvent } from 'react';
import { formatSize, type Dimensions, type FlexibleSizeRule } from '../../contract/index.ts';
import { constrainToRule, nudgeSize, pixelCurve, validRegionOutline } from './sizeMap.ts';

const VIEW = 200;
const PAD = 14;

const ARROWS: Record<string, [number, number]> = {
  ArrowLeft: [-1, 0],
  ArrowRight: [1, 0],
  ArrowUp: [0, 1],
  ArrowDown: [0, -1],
};

export function ValidRegionMap(props: {
  rule: FlexibleSizeRule;
  /** Null while the size is `auto` or not a valid size: the map then shows no point. */
  size: Dimensions | null;
  onChange: (size: Dimensions) => void;
}) {
  const { rule, size, onChange } = props;
  const svgRef = useRef<SVGSVGElement>(null);
  const scale = (VIEW - 2 * PAD) / rule.maxEdge;
  const x = (width: number) => PAD + width * scale;
  const y = (height: number) => VIEW - PAD - height * scale;
  const path = (points: [number, number][], close: boolean) =>
    points
      .map(([w, h], index) => `${index === 0 ? 'M' : 'L'}${x(w).toFixed(1)},${y(h).toFixed(1)}`)
      .join('') + (close ? 'Z' : '');

  const shapes = useMemo(() => {
    const outline = validRegionOutline(rule);
    const experimental = validRegionOutline({ ...rule, minPixels: rule.experimentalAbovePixels });
    return {
      region: outline,
      experimental,
      floor: pixelCurve(rule, rule.minPixels),
      ceiling: pixelCurve(rule, rule.maxPixels),
    };
  }, [rule]);

  const sizeAt = (event: PointerEvent<SVGSVGElement>): Dimensions => {
    const box = svgRef.current!.getBoundingClientRect();
    const viewX = ((event.clientX - box.left) / box.width) * VIEW;
    const viewY = ((event.clientY - box.top) / box.height) * VIEW;
    return constrainToRule(rule, { width: (viewX - PAD) / scale, height: (VIEW - PAD - viewY) / scale });
  };

  const onPointerDown = (event: PointerEvent<SVGSVGElement>) => {
    event.currentTarget.setPointerCapture(event.pointerId);
    event.currentTarget.focus();
    onChange(sizeAt(event));
  };
  const onPointerMove = (event: PointerEvent<SVGSVGElement>) => {
    if (event.currentTarget.hasPointerCapture(event.pointerId)) onChange(sizeAt(event));
  };
  const onKeyDown = (event: KeyboardEvent<SVGSVGElement>) => {
    const arrow = ARROWS[event.key];
    if (!arrow || !size) return;
    event.preventDefault();
    // Shift moves ten grid steps, as in most design tools.
    const steps = event.shiftKey ? 10 : 1;
    onChange(nudgeSize(rule, size, arrow[0] * steps, arrow[1] * steps));
  };

  const edge = rule.maxEdge;
  const third = edge / rule.maxAspectRatio;
  return (
    <svg
      ref={svgRef}
      viewBox={`0 0 ${VIEW} ${VIEW}`}
      role="slider"
      tabIndex={0}
      aria-label="Size map"
      aria-roledescription="size map"
      aria-valuemin={rule.multipleOf}
      aria-valuemax={rule.maxEdge}
      aria-valuenow={size?.width ?? undefined}
      aria-valuetext={
        size
          ? `${size.width} × ${size.height}. Arrow keys move by ${rule.multipleOf} pixels.`
          : 'No size on the map.'
      }
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onKeyDown={onKeyDown}
      className="block w-full cursor-crosshair touch-none rounded-md border border-line bg-canvas outline-none focus-visible:ring-2 focus-visible:ring-accent/70"
    >
      <title>Valid sizes: width across, height up</title>
      {/* Quarter grid so positions read against 960-pixel steps. */}
      {[1, 2, 3].map((quarter) => (
        <g key={quarter} stroke="var(--color-line)" strokeWidth={0.5}>
          <line x1={x((edge * quarter) / 4)} x2={x((edge * quarter) / 4)} y1={y(0)} y2={y(edge)} />
          <line x1={x(0)} x2={x(edge)} y1={y((edge * quarter) / 4)} y2={y((edge * quarter) / 4)} />
        </g>
      ))}
      <path d={path(shapes.region, true)} fill="var(--color-accent)" fillOpacity={0.14} />
      <path d={path(shapes.experimental, true)} fill="var(--color-warn)" fillOpacity={0.12} />
      <path
        d={path(shapes.region, true)}
        fill="none"
        stroke="var(--color-accent)"
        strokeOpacity={0.7}
        strokeWidth={1}
      />
      <g fill="none" strokeWidth={0.75} strokeDasharray="2 2" stroke="var(--color-fg-faint)">
        <line x1={x(0)} y1={y(0)} x2={x(edge)} y2={y(third)} />
        <line x1={x(0)} y1={y(0)} x2={x(third)} y2={y(edge)} />
        <path d={path(shapes.floor, false)} />
        <path d={path(shapes.ceiling, false)} />
      </g>
      <rect
        x={x(0)}
        y={y(edge)}
        width={edge * scale}
        height={edge * scale}
        fill="none"
        stroke="var(--color-line-strong)"
        strokeWidth={0.75}
      />
      <g fontSize={7} fill="var(--color-fg-faint)" fontFamily="var(--font-sans)">
        <text x={x(edge)} y={VIEW - 4} textAnchor="end">
          {edge}
        </text>
        <text x={x(0)} y={VIEW - 4}>
          0
        </text>
        <text x={x(edge) - 2} y={y(third) - 3} textAnchor="end">
          3:1
        </text>
        <text x={x(third) + 3} y={y(edge) + 8}>
          1:3
        </text>
        <text x={x(edge) - 2} y={y(edge) + 8} textAnchor="end" fill="var(--color-warn)" fillOpacity={0.8}>
          experimental
        </text>
      </g>
      {size && (
        <g pointerEvents="none">
          <line
            x1={x(0)}
            y1={y(0)}
            x2={x(size.width)}
            y2={y(size.height)}
            stroke="var(--color-accent)"
            strokeOpacity={0.35}
            strokeWidth={0.75}
          />
          <circle
            cx={x(size.width)}
            cy={y(size.height)}
            r={5.5}
            fill="var(--color-accent)"
            fillOpacity={0.25}
          />
          <circle
            cx={x(size.width)}
            cy={y(size.height)}
            r={3}
            fill="var(--color-accent)"
            stroke="var(--color-canvas)"
            strokeWidth={1}
          >
            <title>{formatSize(size)}</title>
          </circle>
        </g>
      )}
    </svg>
  );
}
