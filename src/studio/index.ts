export { createStudio, type Studio, type StudioDeps } from './createStudio.ts';
export { preloadRelayTransport } from './transport.ts';
export { StudioProvider, useStudio, useStudioState } from './StudioContext.tsx';
export {
  useGalleryEntries,
  useGalleryModels,
  useGalleryVariants,
  useInpaintParts,
  useInpaintPartsOfFinals,
  useRegionPlace,
  usePresets,
  usePromptHistory,
  useSpendSince,
  useStoredImage,
  useTurnsOf,
  useWholeGallery,
  type InpaintParts,
  type RegionPlace,
} from './queries.ts';
export { draftMatchesPreset } from './presets.ts';
export { useEditPlan } from './useEditPlan.ts';
export { modelLabelOf, useModelLabel } from './modelLabels.ts';
export type { EditPlan } from './editPlan.ts';
export { notEditableReason } from './reuse.ts';
// The relay client's parts the UI needs to say how the connection stands, passed through from api/.
export { INVALID_ACCESS_TOKEN_CODE, saveAccessToken } from '../api/accessToken.ts';
export { RelayError } from '../api/relayError.ts';
export { useStudioConfig } from '../api/studioConfig.ts';
export { useRelayAnswering } from '../api/relayHealth.ts';
// Decoding any studio image for a canvas (an SVG through an <img>), for the clipboard's PNG.
export { bitmapSource } from '../storage/thumbnail.ts';
// Staging's actions come from `studio.staging()`; its view reads the stepping rules from staging.ts itself,
// which a re-export here would pull into the first load.
export type { Staging } from './staging.ts';
export type { TouchUp, TouchUpSubject } from './touchUp.ts';
