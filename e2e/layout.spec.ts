/**
 * The studio keeps its shape over a long session: after many runs the page never scrolls sideways and
 * no control of the settings panel, the prompt dock or the result panel is covered, at 1280x720,
 * 1920x1080 and 2560x1440. One session, three window sizes (the flows themselves are tested once, at the
 * default size, elsewhere).
 */
import { expect, test, type Page } from '@playwright/test';
import { StudioPage } from './pages/StudioPage.ts';

const RUNS = 20;
const SIZES = [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
  { width: 2560, height: 1440 },
] as const;

/** Controls whose centre is in the window and not under another element; names the ones that are covered. */
async function coveredControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const controls = document.querySelectorAll<HTMLElement>(
      'main button, main textarea, aside button, aside select, aside input:not(.sr-only), aside label',
    );
    const covered: string[] = [];
    for (const control of controls) {
      const box = control.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      const x = box.left + box.width / 2;
      const y = box.top + box.height / 2;
      // Outside the window, or scrolled out of a scrolling box (the panel's fold, the strip's end), is
      // out of view rather than covered.
      if (x < 0 || y < 0 || x > window.innerWidth || y > window.innerHeight) continue;
      let clipped = false;
      for (let box = control.parentElement; box && !clipped; box = box.parentElement) {
        const style = getComputedStyle(box);
        if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
        const rect = box.getBoundingClientRect();
        clipped = x < rect.left || x > rect.right || y < rect.top || y > rect.bottom;
      }
      if (clipped) continue;
      const top = document.elementFromPoint(x, y);
      if (top && !control.contains(top) && !top.contains(control)) {
        covered.push(
          `${control.tagName.toLowerCase()} "${(control.getAttribute('aria-label') ?? control.textContent ?? '').trim().slice(0, 40)}"`,
        );
      }
    }
    return covered;
  });
}

test('after many runs the page never scrolls sideways and nothing covers a control, at every size', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.setViewportSize(SIZES[0]);
  const studio = new StudioPage(page);
  await studio.goto();
  // One stage a run: the fastest honest run the engine makes.
  await studio.choose('Partial images', '0');
  for (let run = 1; run <= RUNS; run++) {
    await studio.generate(`study ${run} of a brass compass`);
    await expect(studio.runStatus).toContainText('Done');
  }
  await expect(page.getByRole('navigation', { name: 'Session results' }).getByRole('button')).toHaveCount(
    RUNS,
  );

  for (const size of SIZES) {
    await page.setViewportSize(size);
    const widths = await page.evaluate(() => ({
      document: document.documentElement.scrollWidth,
      window: window.innerWidth,
    }));
    expect(widths.document, `the page is wider than the ${size.width}px window`).toBeLessThanOrEqual(
      widths.window,
    );
    await expect(studio.result.getByText('Model', { exact: true })).toBeInViewport();
    expect(await coveredControls(page), `covered at ${size.width}x${size.height}`).toEqual([]);
    await page.screenshot({ path: test.info().outputPath(`layout-${size.width}.png`) });
  }
});
