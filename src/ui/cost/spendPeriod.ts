/** How each spend period is named: as an option of the picker, and inside a sentence ("spent today"). */
import type { SpendPeriod } from '../../state/budget.ts';

export const SPEND_PERIOD_NAMES: Record<SpendPeriod, { option: string; inSentence: string }> = {
  today: { option: 'Today', inSentence: 'today' },
  month: { option: 'This month', inSentence: 'this month' },
  all: { option: 'All time', inSentence: 'to date' },
};
