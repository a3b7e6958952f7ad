/** Whether the gallery is open, what it filters by, what is selected and shown in detail, and the undo on offer. */
import type { ImageRequestKind } from '../contract/index.ts';
import { toggleInSelection, type PendingDeletion } from './gallery.ts';
import type { SliceCreator } from './slice.ts';

export interface GalleryFilterState {
  text: string;
  model: string | null;
  kind: ImageRequestKind | null;
}

export interface GallerySlice {
  open: boolean;
  filter: GalleryFilterState;
  /** Variant ids ticked for export or compare. */
  selectedIds: string[];
  /** The variant shown in the detail view. */
  detailId: string | null;
  pendingDeletion: PendingDeletion | null;
  setOpen: (open: boolean) => void;
  setFilter: (patch: Partial<GalleryFilterState>) => void;
  toggleSelected: (id: string) => void;
  setSelected: (ids: string[]) => void;
  showDetail: (id: string | null) => void;
  setPendingDeletion: (deletion: PendingDeletion | null) => void;
}

export const createGallerySlice: SliceCreator<GallerySlice> = (set) => ({
  open: false,
  filter: { text: '', model: null, kind: null },
  selectedIds: [],
  detailId: null,
  pendingDeletion: null,
  setOpen: (open) => set(open ? { open } : { open, detailId: null }),
  setFilter: (patch) => set((slice) => ({ filter: { ...slice.filter, ...patch } })),
  toggleSelected: (id) => set((slice) => ({ selectedIds: toggleInSelection(slice.selectedIds, id) })),
  setSelected: (selectedIds) => set({ selectedIds }),
  showDetail: (detailId) => set({ detailId }),
  setPendingDeletion: (pendingDeletion) => set({ pendingDeletion }),
});
