import { describe, expect, it } from 'vitest';
import { budgetVerdict, periodSpend } from '../state/budget.ts';
import { variantCostsInDollars } from '../state/run.ts';
import { completedImageEvent, createTestStudio, type TestStudio } from './testing/testStudio.ts';

function draftFor(test: TestStudio, n: number) {
  test.studio.updateDraft({ prompt: 'a paper lantern', model: 'gpt-image-2.5-flare', quality: 'low', n });
}

/**
 * What the cost panel shows over all time: the ledger plus what the session has not entered yet. (Periods
 * are state/budget.test.ts's: this test does not read the clock the entries are stamped by.)
 */
async function spentInAll(test: TestStudio): Promise<number> {
  const ledger = await test.storage.spendSince(null);
  return periodSpend(ledger, test.studio.store.getState().session.runs, null);
}

/** One run of two variants: the first ends done; the second is cancelled after its usage arrived. */
async function runOneDoneOneCancelled(test: TestStudio) {
  draftFor(test, 2);
  const running = test.studio.generate();
  const [done, cancelled] = await test.received(2);
  done!.send(await completedImageEvent());
  done!.finish();
  cancelled!.send(await completedImageEvent());
  test.studio.cancel();
  await running;
  await test.studio.settled();
  return test.studio.store.getState().session.runs[0]!;
}

describe('spending', () => {
  it('enters every billed variant in the ledger, cancelled ones too, and deleting results never lowers it', async () => {
    const test = createTestStudio();
    await test.studio.start();
    const run = await runOneDoneOneCancelled(test);
    expect(run.variants.map((variant) => variant.status)).toEqual(['done', 'cancelled']);
    const costs = variantCostsInDollars(run) as number[];
    expect(costs.every((cost) => cost > 0)).toBe(true);

    const ledger = await test.storage.spendSince(null);
    expect(ledger.map((entry) => entry.variantId).sort()).toEqual(run.variants.map(({ id }) => id).sort());
    const spent = costs[0]! + costs[1]!;
    // Entered once each: the session's own figures are not counted a second time.
    expect(await spentInAll(test)).toBeCloseTo(spent, 12);

    await test.studio.deleteResults(run.variants.map(({ id }) => id));
    expect(await spentInAll(test)).toBeCloseTo(spent, 12);
    await test.storage.purgeDeleted(Number.POSITIVE_INFINITY);
    expect(await test.storage.listVariants()).toEqual([]);
    expect(await spentInAll(test)).toBeCloseTo(spent, 12);
  });

  it('brings back the budget, its period and what was spent after a reload, so the next run asks again', async () => {
    const before = createTestStudio();
    const stop = await before.studio.start();
    await runOneDoneOneCancelled(before);
    const spent = await spentInAll(before);
    before.studio.store.getState().budget.setBudget(spent + 0.001);
    before.studio.store.getState().budget.setPeriod('today');
    // IndexedDB runs transactions on one store in the order they were made, so this read follows the writes.
    expect(await before.storage.loadSetting('spendPeriod')).toBe('today');
    stop();

    const after = createTestStudio(before);
    await after.studio.start();
    const { budget, session } = after.studio.store.getState();
    expect(budget.budget).toBeCloseTo(spent + 0.001, 12);
    expect(budget.period).toBe('today');
    expect(session.runs.every((run) => run.restored)).toBe(true);
    const spentAfter = await spentInAll(after);
    expect(spentAfter).toBeCloseTo(spent, 12);
    expect(budgetVerdict(spentAfter, 0.002, budget.budget).kind).toBe('would-cross');
  });

  it('starts with no budget over this month when none was saved, or what was saved is not one', async () => {
    const fresh = createTestStudio();
    await fresh.studio.start();
    expect(fresh.studio.store.getState().budget).toMatchObject({ budget: null, period: 'month' });

    await fresh.storage.saveSetting('budget', 'lots');
    await fresh.storage.saveSetting('spendPeriod', 'fortnight');
    const after = createTestStudio(fresh);
    await after.studio.start();
    expect(after.studio.store.getState().budget).toMatchObject({ budget: null, period: 'month' });
  });
});
