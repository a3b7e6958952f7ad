import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { planTurn, readInput, type ConversationEntry, type ConversationImage } from './responsesModel.ts';

const makePng = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: '#3366aa' } })
    .png()
    .toBuffer();

const noItems = () => null;

async function image(subject: string | null): Promise<ConversationImage> {
  const bytes = await makePng(64, 48);
  return {
    bytes,
    sniffed: { mimeType: 'image/png', width: 64, height: 48, hasAlpha: false },
    subject,
    itemId: subject && 'ig_1',
  };
}
const words = (text: string): ConversationEntry[] => [{ kind: 'text', role: 'user', text }];

describe('the mainline model', () => {
  it('generates when the conversation has no image, and writes the same prompt for the same words', () => {
    const plan = planTurn([], words('  a red fox in snow '), 'auto', 0, { width: 1024, height: 1536 });
    expect(plan.ok && plan.value).toMatchObject({
      action: 'generate',
      revisedPrompt:
        'A red fox in snow. Rendered as a portrait image with a clear subject, balanced composition, natural light and crisp detail.',
    });
    expect(planTurn([], words('a red fox in snow'), 'auto', 0, { width: 1024, height: 1536 })).toEqual(plan);
  });

  it.each([
    ['auto with an image in the conversation', 'auto', 'make it night', 'edit'],
    ['auto asked to start over', 'auto', 'start over: a castle', 'generate'],
    ['an explicit generate', 'generate', 'make it night', 'generate'],
    ['an explicit edit', 'edit', 'make it night', 'edit'],
  ] as const)('decides %s', async (_name, action, text, expected) => {
    const history: ConversationEntry[] = [
      { kind: 'image', role: 'assistant', image: await image('a harbour') },
    ];
    const plan = planTurn(history, words(text), action, 0, null);
    expect(plan.ok && plan.value.action).toBe(expected);
  });

  it('edits the image this turn sent before an earlier one, the others as references', async () => {
    const earlier = await image('a harbour');
    const [sent, reference] = [await image(null), await image(null)];
    const turn: ConversationEntry[] = [
      ...words('put the boat in'),
      { kind: 'image', role: 'user', image: sent },
      { kind: 'image', role: 'user', image: reference },
    ];
    const plan = planTurn([{ kind: 'image', role: 'assistant', image: earlier }], turn, 'auto', 0, null);
    expect(plan.ok && plan.value.images).toEqual([sent, reference]);
    expect(plan.ok && plan.value.revisedPrompt).toContain('Use the other image as reference.');
  });

  it("refuses an edit with nothing to edit, on the tool's action", () => {
    const plan = planTurn([], words('make it night'), 'edit', 2, null);
    expect(!plan.ok && plan.error.body.error.param).toBe('tools[2].action');
  });

  it('reads input items: text, data-URL images, and refuses what it cannot read', async () => {
    const png = (await makePng(32, 32)).toString('base64');
    const read = readInput(
      [
        {
          role: 'user',
          content: [
            { type: 'input_text', text: 'hi' },
            { type: 'input_image', image_url: `data:image/png;base64,${png}` },
          ],
        },
      ],
      noItems,
    );
    expect(read.ok && read.value.map((entry) => entry.kind)).toEqual(['text', 'image']);
    const url = readInput(
      [{ role: 'user', content: [{ type: 'input_image', image_url: 'https://example.com/a.png' }] }],
      noItems,
    );
    expect(!url.ok && url.error.body.error).toMatchObject({
      code: 'unsupported_image_reference',
      param: 'input[0].content[0].image_url',
    });
    const missing = readInput([{ type: 'item_reference', id: 'ig_gone' }], noItems);
    expect(!missing.ok && missing.error.body.error).toMatchObject({
      code: 'item_not_found',
      param: 'input[0]',
    });
  });
});
