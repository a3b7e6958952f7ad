import { describe, expect, it } from 'vitest';
import {
  addToBoard,
  moveOnBoard,
  refusedMessage,
  removeFromBoard,
  replaceFirst,
  type BoardImage,
} from './board.ts';
import { createStudioStore } from './store.ts';

const image = (name: string): BoardImage => ({
  id: name,
  name,
  blob: new Blob([name]),
  url: `blob:${name}`,
  width: 10,
  height: 10,
  notice: null,
  sourceImageId: null,
});
const names = (board: readonly BoardImage[]) => board.map((entry) => entry.name);

describe('the reference board', () => {
  it('adds what fits under the limit and names what it refused', () => {
    const board = ['a', 'b', 'c'].map(image);
    const result = addToBoard(board, ['d', 'e', 'f'].map(image), 4);
    expect(names(result.board)).toEqual(['a', 'b', 'c', 'd']);
    expect(names(result.refused)).toEqual(['e', 'f']);
  });

  it('refuses a 17th image and keeps all 16', () => {
    const sixteen = Array.from({ length: 16 }, (_, index) => image(`i${index}`));
    const result = addToBoard(sixteen, [image('17th')], 16);
    expect(result.board).toHaveLength(16);
    expect(names(result.refused)).toEqual(['17th']);
  });

  it('reorders, removes and replaces the first', () => {
    const board = ['a', 'b', 'c'].map(image);
    expect(names(moveOnBoard(board, 2, 0))).toEqual(['c', 'a', 'b']);
    expect(names(moveOnBoard(board, 0, 1))).toEqual(['b', 'a', 'c']);
    expect(names(moveOnBoard(board, 0, 5))).toEqual(['a', 'b', 'c']);
    expect(names(removeFromBoard(board, 'b'))).toEqual(['a', 'c']);
    expect(names(replaceFirst(board, image('edit')))).toEqual(['edit', 'b', 'c']);
  });

  it('says how many were left out', () => {
    expect(refusedMessage(['x.png'], 16)).toBe("The board holds at most 16 images; 'x.png' was not added.");
    expect(refusedMessage(['x.png', 'y.png', 'z.png'], 16)).toBe(
      "The board holds at most 16 images; 'x.png' and 2 more were not added.",
    );
  });
});

describe('the board slice and a painted mask', () => {
  it('brings the mask’s image back first only if the board has room, and says so otherwise', () => {
    const store = createStudioStore();
    const { board, mask } = store.getState();
    board.add([image('target'), image('other')], 2);
    mask.follow(image('target'));
    mask.commit({ kind: 'fill-all', id: 'fill' });
    board.replaceFirst(image('branch'));
    expect(store.getState().board.setAside?.name).toBe('target');
    board.bringFirst('target', 2);
    expect(names(store.getState().board.images)).toEqual(['branch', 'other']);
    expect(store.getState().notices.notices.at(-1)?.text).toBe(
      "The board is full: remove an image to bring 'target' back.",
    );
    board.bringFirst('target', 3);
    expect(names(store.getState().board.images)).toEqual(['target', 'branch', 'other']);
    expect(store.getState().board.setAside).toBeNull();
  });
});
