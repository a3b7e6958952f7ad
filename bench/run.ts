/**
 * `npm run bench`: every benchmark prints ratios against a baseline measured in the same run. Exits
 * non-zero when a target is missed, so a regression is visible.
 */
import { benchComposite } from './composite.ts';
import { benchEditor } from './editor.ts';
import { benchFirstLoad } from './firstLoad.ts';
import { benchLoad } from './load.ts';
import { benchStreaming } from './streaming.ts';

const suites = [
  { name: 'Streaming pass-through vs nginx (issue: the relay under attack, round two)', run: benchStreaming },
  { name: 'Load: concurrent streams and a 16-image edit (issue 6)', run: benchLoad },
  { name: 'Mask editor in Chromium: export and painting (issue 3)', run: benchEditor },
  {
    name: 'Compositing a masked edit onto a 6000x4000 source, and region-edit tokens (issue: region edits)',
    run: benchComposite,
  },
  {
    name: 'A light first load: initial JS, gallery frames, start-up with 5,000 results (issue 8)',
    run: benchFirstLoad,
  },
];

let failed = false;
for (const suite of suites) {
  console.log(`\n== ${suite.name}`);
  const { lines, failures } = await suite.run();
  for (const line of lines) console.log(line);
  for (const failure of failures) console.log(`MISSED: ${failure}`);
  failed ||= failures.length > 0;
}
process.exitCode = failed ? 1 : 0;
