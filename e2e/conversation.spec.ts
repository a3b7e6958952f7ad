/**
 * Conversational editing through the Responses API with the offline engine: a generated first turn,
 * "make it night" continuing it (an edit, a lineage child of its image), a branch from turn 1, and the
 * conversation still there after a reload. Images are decoded to check the turns made different pictures.
 */
import { expect, test, type Page } from '@playwright/test';
import sharp from 'sharp';
import { StudioPage } from './pages/StudioPage.ts';
import { storedImages, storedVariants } from './support/storedRecords.ts';

const turnCard = (page: Page, number: number) =>
  page.getByRole('complementary', { name: 'Conversation' }).getByRole('listitem', { name: `Turn ${number}` });

async function say(page: Page, words: string) {
  await page.getByLabel('Turn words').fill(words);
  await page.getByRole('button', { name: 'Send', exact: true }).click();
}

interface StoredTurn {
  id: string;
  parentImageId: string | null;
  status: string;
  conversation: {
    words: string;
    parentTurnId: string | null;
    previousResponseId: string | null;
    responseId: string;
    imageCallId: string;
    action: string;
  };
}

test('a three-turn conversation: generate, continue with an edit, branch from turn 1, kept across a reload', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const studio = new StudioPage(page);
  await studio.goto();
  await studio.choose('Quality', 'Low');
  await page.getByRole('button', { name: 'Conversation' }).click();
  const panel = page.getByRole('complementary', { name: 'Conversation' });
  await expect(panel.getByText('Starts a new conversation')).toBeVisible();

  await say(page, 'a quiet harbour with fishing boats');
  const first = turnCard(page, 1);
  await expect(first.getByText('Generate', { exact: true })).toBeVisible();
  await expect(first).toContainText('Revised prompt: A quiet harbour with fishing boats.');
  await expect(first.getByRole('button', { name: 'Continue' })).toBeVisible();
  await expect(first).toContainText('Image tool');
  await expect(panel.getByText('Continues turn 1')).toBeVisible();
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.screenshot({ path: test.info().outputPath('conversation-1280-first-turn.png') });

  await say(page, 'make it night');
  const second = turnCard(page, 2);
  await expect(second.getByText('Edit', { exact: true })).toBeVisible();
  await expect(second).toContainText('Continues turn 1');
  await expect(second).toContainText('Edit the image of a quiet harbour with fishing boats: Make it night.');
  await expect(second.getByRole('button', { name: 'Continue' })).toBeVisible();

  await first.getByRole('button', { name: 'Branch from here' }).click();
  await expect(panel.getByText('Branches from turn 1')).toBeVisible();
  await say(page, 'add a red lighthouse');
  const third = turnCard(page, 3);
  await expect(third).toContainText('Branch of turn 1');
  await expect(third.getByText('Edit', { exact: true })).toBeVisible();
  await expect(third.getByRole('button', { name: 'Continue' })).toBeVisible();
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.screenshot({ path: test.info().outputPath('conversation-1920-branch.png') });

  // Each turn is a lineage node: a continued turn's parent image is the final of the turn it continues.
  const variants = (await storedVariants(page)) as unknown as StoredTurn[];
  const turns = variants.filter((variant) => variant.conversation);
  expect(turns).toHaveLength(3);
  const byWords = (words: string) => turns.find((turn) => turn.conversation.words === words)!;
  const harbour = byWords('a quiet harbour with fishing boats');
  const night = byWords('make it night');
  const lighthouse = byWords('add a red lighthouse');
  const images = await storedImages(page);
  const finalOf = (turn: StoredTurn) =>
    images.find((image) => image.variantId === turn.id && image.role === 'final')!;
  expect(harbour.conversation).toMatchObject({ action: 'generate', parentTurnId: null });
  expect(harbour.conversation.responseId).toMatch(/^resp_/);
  expect(harbour.conversation.imageCallId).toMatch(/^ig_/);
  for (const child of [night, lighthouse]) {
    expect(child.status).toBe('done');
    expect(child.parentImageId).toBe(finalOf(harbour).id);
    expect(child.conversation).toMatchObject({
      action: 'edit',
      parentTurnId: harbour.id,
      previousResponseId: harbour.conversation.responseId,
    });
  }
  // The edits made pictures of their own, at the size asked for.
  const pixels = async (turn: StoredTurn) => sharp(finalOf(turn).bytes).raw().toBuffer();
  expect((await pixels(night)).equals(await pixels(harbour))).toBe(false);
  expect(await sharp(finalOf(night).bytes).metadata()).toMatchObject({ format: 'png' });

  await page.reload();
  await expect(studio.generateButton).toBeEnabled();
  await page.getByRole('button', { name: 'Conversation' }).click();
  await expect(turnCard(page, 3)).toContainText('Branch of turn 1');
  await expect(turnCard(page, 2)).toContainText('make it night');
  await expect(turnCard(page, 1).getByRole('img')).toBeVisible();
});
