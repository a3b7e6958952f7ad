import { Suspense, useId, useState, type ReactNode } from 'react';
import { shownImage } from '../../state/lineage.ts';
import { notEditableReason, useInpaintParts, useModelLabel, useStudio } from '../../studio/index.ts';
import type { GalleryEntry } from '../../storage/studioStorage.ts';
import type { GallerySlots } from './Gallery.tsx';
import {
  FORMAT_LABELS,
  QUALITY_LABELS,
  capitalise,
  describeSize,
  formatDollars,
  formatElapsed,
  formatTokens,
  statusBadge,
  BILLING_HINT,
  BILLING_HINT_DETAIL,
} from '../kit/format.ts';
import { Badge } from '../kit/Badge.tsx';
import { roomyButtonClass } from '../kit/buttons.ts';
import { Dialog } from '../kit/Dialog.tsx';
import { useOpenFullSize } from '../kit/fullSize.tsx';
import { IconButton } from '../kit/IconButton.tsx';
import { CloseIcon } from '../kit/icons.tsx';
import { storedElapsed, imageFileBase, imageFileName } from './galleryFormat.ts';
import { copyImageToClipboard } from './imageTransfer.ts';
import { downloadBlob } from '../kit/download.ts';
import { DRIFT_MAP_ALT, useInpaintView } from '../kit/InpaintParts.tsx';
import { InpaintNote, InpaintShowControl } from '../kit/InpaintControls.tsx';
import { canTouchUp, formatDriftShare } from '../kit/inpaintText.ts';
import { LossyDownloads } from '../kit/LossyDownloads.tsx';
import { useObjectUrl } from '../kit/useObjectUrl.ts';
import { DetailRow } from '../kit/DetailRow.tsx';

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="border-t border-line pt-3">
      <h3 className="mb-1.5 text-[12px] font-semibold text-fg">{title}</h3>
      <dl>{children}</dl>
    </section>
  );
}

const time = (at: number) => new Date(at).toLocaleString();

/**
 * Everything about one result, with what can be done with it. `actions` is where views built elsewhere
 * (compare, history) add their own buttons for this entry, and `touchUp` the studio's touch-up, shown in
 * place of the image for a masked edit.
 */
export function GalleryDetail(props: {
  entry: GalleryEntry;
  actions?: ReactNode;
  touchUp?: GallerySlots['touchUp'];
}) {
  const studio = useStudio();
  const { setOpen, showDetail } = studio.store.getState().gallery;
  const { variant } = props.entry;
  const request = variant.request;
  const labelOf = useModelLabel();
  const image = shownImage(props.entry);
  const url = useObjectUrl(image?.blob ?? null);
  // Only a final is a masked edit's composite: the last partial of one that failed is not.
  const inpaint = useInpaintParts(props.entry.final?.id ?? null);
  const { images: inpaintImages, composited, has, show, setShow, rawShown } = useInpaintView(inpaint);
  const [copyState, setCopyState] = useState<{ ok: boolean; text: string } | null>(null);
  const badge = statusBadge(variant.status, props.entry.lastPartial !== null);
  const elapsed = storedElapsed(variant);
  const close = () => showDetail(null);
  const notEditableId = useId();
  const notEditable = image && notEditableReason(image);
  const editable = image !== null && !notEditable;
  // A composited final with the model's output stored beside it can be touched up here as in the studio.
  const [touchingUp, setTouchingUp] = useState(false);
  const touchable = props.touchUp && props.entry.final !== null && canTouchUp(inpaint);
  const touchedUp = (inpaint?.record.touchUp?.strokes.length ?? 0) > 0;
  const [revertProblem, setRevertProblem] = useState<string | null>(null);
  const revertTouchUps = async () => {
    setRevertProblem(null);
    const outcome = await (await studio.touchUp()).revert(props.entry.final!.id);
    if (!outcome.ok) setRevertProblem(outcome.message);
  };

  const copy = async () => {
    if (!image) return;
    setCopyState(null);
    try {
      await copyImageToClipboard(image.blob);
      setCopyState({ ok: true, text: 'Copied' });
    } catch (error) {
      setCopyState({ ok: false, text: error instanceof Error ? error.message : String(error) });
    }
  };

  const leaveGallery = () => setOpen(false);
  const openFullSize = useOpenFullSize();
  const alt = `${props.entry.final ? 'Result' : 'Last partial'}: ${request.prompt}`;
  const openImage =
    image && openFullSize
      ? () =>
          openFullSize(
            [
              {
                id: image.id,
                alt: `${props.entry.final ? 'Full size' : 'Partial'}: ${request.prompt.slice(0, 120)}`,
                caption: request.prompt,
                source: { blob: image.blob },
              },
            ],
            image.id,
          )
      : undefined;

  return (
    <Dialog
      title="Result details"
      titleBar={false}
      onClose={close}
      // Escape ends a stroke in progress there, and must not close the details over unapplied strokes:
      // Cancel and Apply are the ways out.
      holdOpen={touchingUp}
      className="h-[min(90dvh,860px)] w-[min(94vw,1240px)] overflow-hidden"
    >
      <div className="flex h-full">
        {touchingUp && props.touchUp && props.entry.final ? (
          <div className="flex min-w-0 flex-1 flex-col pt-3">
            <Suspense>{props.touchUp(props.entry.final.id, () => setTouchingUp(false))}</Suspense>
          </div>
        ) : (
          <div className="checkerboard relative grid min-w-0 flex-1 place-items-center">
            {image ? (
              <img
                src={(rawShown?.url ?? url) || undefined}
                alt={rawShown ? `Model's output: ${request.prompt}` : alt}
                onClick={openImage}
                className={`absolute inset-0 size-full object-contain p-4 ${composited ? 'pb-16' : ''} ${props.entry.final ? '' : 'opacity-70'} ${openImage ? 'cursor-zoom-in' : ''}`}
              />
            ) : (
              <p className="text-[13px] text-fg-muted">No image arrived for this request.</p>
            )}
            {show === 'drift' && inpaintImages.drift && (
              // The same box as the composite beneath: the map has its aspect, so `contain` fits it alike.
              <img
                src={inpaintImages.drift.url}
                alt={DRIFT_MAP_ALT}
                className="pointer-events-none absolute inset-0 size-full object-contain p-4 pb-16"
              />
            )}
            {composited && (
              <div className="absolute inset-x-3 bottom-3 flex justify-center">
                <div className="rounded-lg border border-line bg-panel/90 p-1 pl-3 shadow-lg shadow-black/30 backdrop-blur">
                  <InpaintShowControl value={show} onChange={setShow} has={has} />
                </div>
              </div>
            )}
            {badge && (
              <Badge
                tone={badge.tone}
                size="large"
                title={badge.billingHint ? BILLING_HINT_DETAIL : undefined}
                className="absolute top-3 left-3"
              >
                {badge.label}
                {badge.billingHint && ` · ${BILLING_HINT}`}
              </Badge>
            )}
          </div>
        )}
        <aside className="flex w-[360px] shrink-0 flex-col border-l border-line">
          {/* While touching up, nothing here may leave the touch-up and drop its strokes unasked. */}
          <div
            inert={touchingUp}
            className={`flex items-start justify-between gap-3 px-4 pt-4 pb-3 ${touchingUp ? 'opacity-50' : ''}`}
          >
            <p className="text-[13px] leading-snug whitespace-pre-wrap text-fg">{request.prompt}</p>
            <IconButton label="Close details" onClick={close}>
              <CloseIcon />
            </IconButton>
          </div>
          {notEditable && (
            <p id={notEditableId} className="px-4 pb-2 text-[11px] leading-snug text-fg-faint">
              {notEditable}
            </p>
          )}
          {touchingUp && (
            <p role="status" className="px-4 pb-2 text-[12px] leading-snug text-fg-muted">
              Apply or cancel the touch-up to close these details or use their buttons.
            </p>
          )}
          <div
            inert={touchingUp}
            className={`flex flex-wrap gap-2 px-4 pb-3 ${touchingUp ? 'opacity-50' : ''}`}
          >
            <button
              type="button"
              disabled={!image}
              onClick={() => image && downloadBlob(image.blob, imageFileName(variant, image))}
              className={roomyButtonClass}
            >
              Download {image ? FORMAT_LABELS[image.format] : ''}
            </button>
            {composited && image?.format === 'png' && (
              <LossyDownloads
                className="flex flex-col justify-center gap-1"
                load={async () => image.blob}
                baseName={imageFileBase(variant, image)}
                nameOf={(format) => `Download ${FORMAT_LABELS[format]}`}
              />
            )}
            <button type="button" disabled={!image} onClick={() => void copy()} className={roomyButtonClass}>
              Copy image
            </button>
            <button
              type="button"
              onClick={() => {
                studio.reuseSettings(variant);
                leaveGallery();
              }}
              className={roomyButtonClass}
            >
              Reuse prompt and settings
            </button>
            <button
              type="button"
              disabled={!editable}
              aria-describedby={notEditable ? notEditableId : undefined}
              onClick={() => {
                if (!image || !editable) return;
                studio.editStoredImage(image, variant);
                leaveGallery();
              }}
              className={roomyButtonClass}
            >
              Edit this
            </button>
            {touchable && (
              <button
                type="button"
                aria-pressed={touchingUp}
                disabled={touchingUp}
                onClick={() => setTouchingUp(true)}
                title="Paint the original’s pixels back, or the model’s through, with a brush"
                className={roomyButtonClass}
              >
                Touch up
              </button>
            )}
            {touchable && touchedUp && (
              <button
                type="button"
                onClick={() => void revertTouchUps()}
                title="Make the composite as it was pasted back the result again"
                className={roomyButtonClass}
              >
                Revert touch-ups
              </button>
            )}
            {composited && inpaint?.raw && (
              <button
                type="button"
                title={`As the model sent it (${inpaint.raw.width} × ${inpaint.raw.height} ${FORMAT_LABELS[inpaint.raw.format]}), before it was pasted back`}
                onClick={() =>
                  inpaint.raw && downloadBlob(inpaint.raw.blob, imageFileName(variant, inpaint.raw))
                }
                className={roomyButtonClass}
              >
                Download model's output
              </button>
            )}
            {props.actions}
            <button
              type="button"
              onClick={() => void studio.deleteResults([variant.id])}
              className={`${roomyButtonClass} text-danger hover:border-danger/60`}
            >
              Delete
            </button>
          </div>
          {inpaint && (
            <InpaintNote
              record={inpaint.record}
              shown={show}
              className="px-4 pb-3 text-[12px] leading-snug text-fg-muted"
            />
          )}
          {revertProblem && (
            <p role="alert" className="px-4 pb-2 text-[12px] text-danger">
              {revertProblem}
            </p>
          )}
          {copyState && (
            <p
              role={copyState.ok ? 'status' : 'alert'}
              className={`px-4 pb-2 text-[12px] ${copyState.ok ? 'text-ok' : 'text-danger'}`}
            >
              {copyState.text}
            </p>
          )}
          {/* Focusable so the parameters scroll from the keyboard too; they hold no control of their own. */}
          <div
            role="region"
            aria-label="Parameters"
            tabIndex={0}
            className="flex min-h-0 flex-1 flex-col gap-3 overflow-y-auto px-4 pb-4 focus-visible:ring-2 focus-visible:ring-accent/70 focus-visible:outline-none"
          >
            <Section title="Result">
              <DetailRow term="Kind">{variant.kind === 'edit' ? 'Edit' : 'Generation'}</DetailRow>
              <DetailRow term="Status">{capitalise(variant.status)}</DetailRow>
              <DetailRow term="Model">
                <span title={request.model.id}>{labelOf(request.model.id)}</span>
              </DetailRow>
              <DetailRow term="Requested size">{describeSize(request.size)}</DetailRow>
              {image && (
                <DetailRow term="Image">{`${image.width} × ${image.height} ${FORMAT_LABELS[image.format]}`}</DetailRow>
              )}
              <DetailRow term="Quality">{QUALITY_LABELS[request.quality]}</DetailRow>
              <DetailRow term="Background">{capitalise(request.background)}</DetailRow>
              <DetailRow term="Moderation">{capitalise(request.moderation)}</DetailRow>
              {request.inputFidelity && (
                <DetailRow term="Input fidelity">{capitalise(request.inputFidelity)}</DetailRow>
              )}
              <DetailRow term="Variant">{`${variant.variantIndex + 1} of ${variant.variantCount}`}</DetailRow>
            </Section>
            {inpaint && (
              <Section title="Masked edit">
                <DetailRow term="Sent">
                  {inpaint.record.kind === 'region'
                    ? `Region ${inpaint.record.box.width} × ${inpaint.record.box.height}${
                        inpaint.record.sent.width === inpaint.record.box.width &&
                        inpaint.record.sent.height === inpaint.record.box.height
                          ? ''
                          : `, as ${inpaint.record.sent.width} × ${inpaint.record.sent.height}`
                      }`
                    : `Whole image, as ${inpaint.record.sent.width} × ${inpaint.record.sent.height}`}
                </DetailRow>
                <DetailRow term="Grow, feather">{`${inpaint.record.growPx} px, ${inpaint.record.featherPx} px`}</DetailRow>
                <DetailRow term="Drift outside the mask">
                  {inpaint.record.notComposited !== null
                    ? 'Not pasted back'
                    : inpaint.record.driftShare === null
                      ? 'Not measured'
                      : formatDriftShare(inpaint.record.driftShare)}
                </DetailRow>
              </Section>
            )}
            {variant.conversation && (
              <Section title="Responses API">
                <DetailRow term="Mainline model">{variant.conversation.mainlineModel}</DetailRow>
                {variant.conversation.action && (
                  <DetailRow term="Action">{capitalise(variant.conversation.action)}</DetailRow>
                )}
                {variant.conversation.mainlineUsage && (
                  <DetailRow term="Mainline tokens">
                    {`${formatTokens(variant.conversation.mainlineUsage.inputTokens)} in, ${formatTokens(variant.conversation.mainlineUsage.outputTokens)} out (not priced)`}
                  </DetailRow>
                )}
                <DetailRow term="Background">{variant.conversation.background ? 'Yes' : 'No'}</DetailRow>
                {variant.conversation.responseId && (
                  <DetailRow term="Response ID">
                    <span className="font-mono select-all">{variant.conversation.responseId}</span>
                  </DetailRow>
                )}
                {variant.conversation.revisedPrompt && (
                  <p className="text-[12px] leading-relaxed text-fg-muted select-text">
                    <span className="font-medium text-fg">Revised prompt: </span>
                    {variant.conversation.revisedPrompt}
                  </p>
                )}
              </Section>
            )}
            <Section title="Cost and time">
              <DetailRow term="Cost">
                {variant.costDollars === null ? '—' : formatDollars(variant.costDollars)}
              </DetailRow>
              {variant.usage && (
                <>
                  <DetailRow term="Text input tokens">
                    {formatTokens(variant.usage.textInputTokens)}
                  </DetailRow>
                  <DetailRow term="Image input tokens">
                    {formatTokens(variant.usage.imageInputTokens)}
                  </DetailRow>
                  <DetailRow term="Output tokens">{formatTokens(variant.usage.outputTokens)}</DetailRow>
                </>
              )}
              <DetailRow term="Started">{time(variant.startedAt)}</DetailRow>
              <DetailRow term="Finished">
                {variant.finishedAt === null ? '—' : time(variant.finishedAt)}
              </DetailRow>
              <DetailRow term="Duration">{elapsed ? formatElapsed(elapsed) : '—'}</DetailRow>
            </Section>
            {variant.error && (
              <Section title="Error">
                <p className="text-[12px] leading-snug text-danger">{variant.error.message}</p>
                <DetailRow term="HTTP status">{variant.error.status}</DetailRow>
                {variant.error.code && <DetailRow term="Code">{variant.error.code}</DetailRow>}
                {variant.error.param && <DetailRow term="Parameter">{variant.error.param}</DetailRow>}
                {variant.error.requestId && (
                  <DetailRow term="Request ID">
                    <span className="font-mono select-all">{variant.error.requestId}</span>
                  </DetailRow>
                )}
              </Section>
            )}
            <Section title="Sent parameters">
              {Object.entries(variant.params).map(([name, value]) => (
                <DetailRow key={name} term={name}>
                  <span className="font-mono text-[11.5px]">
                    {name === 'prompt' ? `${String(value).length} characters` : String(value)}
                  </span>
                </DetailRow>
              ))}
            </Section>
          </div>
        </aside>
      </div>
    </Dialog>
  );
}
