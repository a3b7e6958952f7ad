/** Every action of the studio's, the prompt's and the mask editor's tables with its keys, grouped as the tables group them. */
import type { Action } from '../../editor/actions/action.ts';
import { formatCombo } from '../../editor/actions/keys.ts';
import { MASK_ACTIONS } from '../../editor/actions/maskActions.tsx';
import { Dialog } from '../kit/Dialog.tsx';
import { STAGING_ACTIONS } from '../edit/stagingActions.ts';
import { PROMPT_ACTIONS } from '../prompt/promptActions.ts';
import { VIEWER_ACTIONS } from '../viewer/viewerActions.ts';
import { STUDIO_ACTIONS } from './studioActions.ts';

type Listed = Pick<Action<unknown>, 'id' | 'label' | 'keys' | 'group' | 'note' | 'field'>;

function byGroup(actions: readonly Listed[]): [string, Listed[]][] {
  const groups = new Map<string, Listed[]>();
  for (const action of actions) groups.set(action.group, [...(groups.get(action.group) ?? []), action]);
  return [...groups];
}

const GROUPS = byGroup([
  ...STUDIO_ACTIONS,
  ...PROMPT_ACTIONS,
  ...MASK_ACTIONS,
  ...STAGING_ACTIONS,
  ...VIEWER_ACTIONS,
]);

function Keys({ action }: { action: Listed }) {
  return (
    // Combos wrap between each other, never inside one: four arrows side by side are wider than a column.
    <td className="py-1 text-right align-baseline text-[11px] text-fg-faint">
      {action.keys.map((combo, index) => (
        <span key={combo} className="inline-block">
          {index > 0 && ' or '}
          <kbd className="inline-block min-w-6 rounded border border-line-strong bg-raised px-1.5 py-0.5 text-center font-sans text-[12px] text-fg">
            {formatCombo(combo)}
          </kbd>
        </span>
      ))}
      {action.field && <span className="block pt-0.5">in {action.field}</span>}
    </td>
  );
}

export function ShortcutSheet({ onClose }: { onClose: () => void }) {
  return (
    <Dialog
      title="Keyboard shortcuts"
      onClose={onClose}
      // Keys pressed over the sheet are the sheet's: nothing behind it acts on them.
      ownsKeys
      closeOnBackdrop
      className="max-h-[calc(100dvh-3rem)] w-[min(46rem,calc(100vw-3rem))] overflow-y-auto"
    >
      <div className="grid gap-x-10 gap-y-5 px-5 py-4 sm:grid-cols-2">
        {GROUPS.map(([group, actions]) => (
          <table key={group} className="w-full self-start">
            <caption className="mb-1.5 text-left text-[11px] font-medium uppercase tracking-[0.08em] text-fg-muted">
              {group}
            </caption>
            <tbody>
              {actions.map((action) => (
                <tr key={action.id}>
                  <th scope="row" className="py-1 pr-4 text-left align-baseline text-[13px] font-normal">
                    {action.label}
                    {action.note && <span className="block text-[11px] text-fg-faint">{action.note}</span>}
                  </th>
                  <Keys action={action} />
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      </div>
      <p className="border-t border-line px-5 py-2.5 text-[11px] text-fg-faint">
        The mask keys work in Edit mode, while there is an image to paint on.
      </p>
    </Dialog>
  );
}
