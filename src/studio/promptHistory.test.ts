import { describe, expect, it } from 'vitest';
import { completedImageEvent, createTestStudio, pngBlob, type TestStudio } from './testing/testStudio.ts';

const sentPrompts = async (test: TestStudio) =>
  (await test.library.listPrompts()).map((record) => record.text);

async function sendAndFinish(test: TestStudio, prompt: string): Promise<void> {
  test.studio.updateDraft({ prompt, model: 'gpt-image-2.5-flare', quality: 'low', partial_images: 0 });
  const sent = test.requests.length;
  const running = test.studio.run();
  const requests = await test.received(sent + 1);
  const request = requests.at(-1)!;
  request.send(await completedImageEvent());
  request.finish();
  await running;
  await test.studio.settled();
}

describe('the prompt history', () => {
  it('records every prompt sent, generations and edits, newest first and once each', async () => {
    const test = createTestStudio();
    await sendAndFinish(test, 'a teal lighthouse at dusk');
    await sendAndFinish(test, 'a paper lantern over a river');
    await sendAndFinish(test, 'a teal lighthouse at dusk');
    test.studio.store.getState().draft.setMode('edit');
    await test.studio.addFiles([{ blob: await pngBlob(64, 64), name: 'source.png' }], 16);
    await sendAndFinish(test, 'put a red boat on the water');
    expect(await sentPrompts(test)).toEqual([
      'put a red boat on the water',
      'a teal lighthouse at dusk',
      'a paper lantern over a river',
    ]);
  });

  it('leaves out a prompt the studio refused to send', async () => {
    const test = createTestStudio();
    test.studio.updateDraft({ prompt: 'too many at once', model: 'gpt-image-2.5-flare', n: 99 });
    await test.studio.generate();
    await test.studio.settled();
    expect(test.studio.store.getState().session.problem?.param).toBe('n');
    expect(await sentPrompts(test)).toEqual([]);
  });
});

describe('Generate and Edit', () => {
  const prompts = (test: TestStudio) => {
    const { draft, mode, otherModePrompt } = test.studio.store.getState().draft;
    return { mode, prompt: draft.prompt, otherModePrompt };
  };

  it('keep a prompt each, across a switch and a reload, sharing the settings', async () => {
    const before = createTestStudio();
    const stop = await before.studio.start();
    const { setMode } = before.studio.store.getState().draft;
    before.studio.updateDraft({ prompt: 'a harbour at dawn', quality: 'high' });
    setMode('edit');
    expect(prompts(before)).toEqual({ mode: 'edit', prompt: '', otherModePrompt: 'a harbour at dawn' });
    before.studio.updateDraft({ prompt: 'make the sky stormy' });
    setMode('generate');
    expect(prompts(before).prompt).toBe('a harbour at dawn');
    setMode('edit');
    stop();
    await before.studio.settled();

    const after = createTestStudio(before);
    await after.studio.start();
    expect(prompts(after)).toEqual({
      mode: 'edit',
      prompt: 'make the sky stormy',
      otherModePrompt: 'a harbour at dawn',
    });
    expect(after.studio.store.getState().draft.draft.quality).toBe('high');
  });

  it("reusing an edit's settings from Generate fills Edit's prompt and keeps Generate's", async () => {
    const test = createTestStudio();
    test.studio.store.getState().draft.setMode('edit');
    await test.studio.addFiles([{ blob: await pngBlob(64, 64), name: 'source.png' }], 16);
    await sendAndFinish(test, 'add a moon');
    const [edit] = await test.storage.listGallery();
    test.studio.store.getState().draft.setMode('generate');
    test.studio.updateDraft({ prompt: 'a quiet forest' });

    test.studio.reuseSettings(edit!.variant);
    expect(prompts(test)).toEqual({ mode: 'edit', prompt: 'add a moon', otherModePrompt: 'a quiet forest' });
  });
});
