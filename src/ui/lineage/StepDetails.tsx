/** The selected step of the history: its image, what it carried into the edit, the path to it, and what to do from it. */
import type { LineageForest, LineageNode } from '../../state/lineage.ts';
import { ancestry } from '../../state/lineage.ts';
import { notEditableReason, useStoredImage, useStudio } from '../../studio/index.ts';
import { buttonClass } from '../kit/buttons.ts';
import { capitalise } from '../kit/format.ts';
import { MaskedSource } from './MaskedSource.tsx';
import { StepBadges } from './StepBadges.tsx';
import { Thumbnail } from './Thumbnail.tsx';

function References({ imageIds }: { imageIds: readonly string[] }) {
  return (
    <div className="flex flex-wrap gap-1.5">
      {imageIds.map((id, index) => (
        <Reference key={id} imageId={id} index={index} />
      ))}
    </div>
  );
}

function Reference({ imageId, index }: { imageId: string; index: number }) {
  const image = useStoredImage(imageId);
  return (
    <Thumbnail
      image={image}
      alt={`Reference ${index + 1}${image?.name ? `: ${image.name}` : ''}`}
      className="size-12"
    />
  );
}

export function StepDetails(props: {
  forest: LineageForest;
  node: LineageNode;
  onSelect: (id: string) => void;
  onCompareWithSource: () => void;
  onLeave: () => void;
}) {
  const studio = useStudio();
  const { node } = props;
  const { variant } = node.entry;
  const path = ancestry(props.forest, node.id);
  const edge = node.edge;
  const notEditable = node.image && notEditableReason(node.image);
  return (
    <aside
      aria-label="Selected step"
      className="flex w-80 shrink-0 flex-col gap-4 overflow-y-auto border-l border-line px-4 py-4"
    >
      <Thumbnail
        image={node.image}
        alt={`${node.entry.final ? 'Result' : 'Last partial'}: ${variant.request.prompt}`}
        className="aspect-square w-full"
      />
      <div className="flex flex-col gap-1.5">
        <p className="text-[13px] leading-snug text-fg">{variant.request.prompt}</p>
        <div className="flex flex-wrap items-center gap-1.5 text-[11px] text-fg-muted">
          <span>
            {capitalise(variant.kind)} · {variant.request.model.id} · {variant.request.size}
          </span>
          <StepBadges node={node} />
        </div>
      </div>

      <div className="flex flex-wrap gap-2">
        {node.image && !notEditable && (
          <button
            type="button"
            className="rounded-md bg-accent px-3 py-1 text-[12.5px] font-medium text-accent-fg transition hover:bg-accent/85 focus-visible:ring-2 focus-visible:ring-accent/70 focus-visible:ring-offset-2 focus-visible:ring-offset-panel focus-visible:outline-none"
            onClick={() => {
              studio.branchFrom(node.image!);
              props.onLeave();
            }}
          >
            Branch from here
          </button>
        )}
        {notEditable && <p className="self-center text-[11px] text-fg-faint">{notEditable}</p>}
        <button
          type="button"
          className={buttonClass}
          onClick={() => {
            studio.reuseSettings(variant);
            props.onLeave();
          }}
        >
          Reuse settings
        </button>
        {edge?.sourceImageId && (
          <button type="button" className={buttonClass} onClick={props.onCompareWithSource}>
            {node.parentId !== null ? 'Compare with parent' : 'Compare with source'}
          </button>
        )}
      </div>

      {edge && (
        <section className="flex flex-col gap-2">
          <h3 className="text-[11px] font-medium tracking-[0.08em] text-fg-muted uppercase">
            Carried into this edit
          </h3>
          <MaskedSource
            sourceImageId={edge.sourceImageId}
            maskImageId={edge.maskImageId}
            className="w-full"
            alt={
              edge.maskImageId
                ? 'The image this edit changed, with the mask it carried tinted'
                : 'The image this edit changed'
            }
          />
          <p className="text-[11.5px] leading-snug text-fg-muted">
            {edge.maskImageId
              ? 'Tinted: the painted area the edit was allowed to change.'
              : 'No mask: the whole image was open to change.'}
            {node.parentDeleted && ' The result it came from has been deleted.'}
          </p>
          {edge.referenceImageIds.length > 0 && (
            <>
              <h4 className="text-[11px] text-fg-muted">References ({edge.referenceImageIds.length})</h4>
              <References imageIds={edge.referenceImageIds} />
            </>
          )}
        </section>
      )}

      {path.length > 1 && (
        <nav aria-label="Path from the first image" className="flex flex-col gap-2">
          <h3 className="text-[11px] font-medium tracking-[0.08em] text-fg-muted uppercase">
            Path ({path.length} steps)
          </h3>
          <ol className="flex flex-wrap items-center gap-1">
            {path.map((step, index) => (
              <li key={step.id} className="flex items-center gap-1">
                {index > 0 && (
                  <span aria-hidden className="text-fg-faint">
                    ›
                  </span>
                )}
                <button
                  type="button"
                  aria-current={step.id === node.id ? 'step' : undefined}
                  aria-label={`Step ${index + 1}: ${step.entry.variant.request.prompt}`}
                  onClick={() => props.onSelect(step.id)}
                  className={`rounded-sm focus-visible:ring-2 focus-visible:ring-accent/70 focus-visible:outline-none ${
                    step.id === node.id ? 'ring-1 ring-accent' : ''
                  }`}
                >
                  <Thumbnail image={step.image} alt="" className="size-9" />
                </button>
              </li>
            ))}
          </ol>
        </nav>
      )}
    </aside>
  );
}
