/**
 * How a slice of the studio's one store is written: it sees only its own part (`set` merges into it,
 * `get` reads it) and, for the rare change that reaches across, the whole state through `root`.
 * https://zustand.docs.pmnd.rs/guides/slices-pattern
 */
import type { StudioState } from './store.ts';

export type SliceSet<T> = (change: Partial<T> | ((slice: T) => Partial<T>)) => void;

export type SliceCreator<T> = (set: SliceSet<T>, get: () => T, root: () => StudioState) => T;
