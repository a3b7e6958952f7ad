// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { readdirSync } from 'node:fs';

/** Folders of the design (design.md §2) and the folders of ours each may not import. */
const BROWSER = ['app', 'studio', 'ui', 'editor', 'state', 'api', 'storage'];
const SERVER = ['relay', 'engine'];
const ALL = [...BROWSER, ...SERVER, 'contract'];
const FORBIDDEN_IMPORTS = {
  contract: ALL.filter((folder) => folder !== 'contract'),
  relay: BROWSER,
  engine: [...BROWSER, 'relay'],
  app: SERVER,
  studio: [...SERVER, 'app', 'ui'],
  ui: [...SERVER, 'app', 'api'],
  editor: [...SERVER, 'app', 'studio', 'ui', 'api', 'storage'],
  state: [...SERVER, 'app', 'studio', 'ui', 'editor', 'api'],
  api: [...SERVER, 'app', 'studio', 'ui', 'editor', 'state', 'storage'],
  storage: [...SERVER, 'app', 'studio', 'ui', 'editor', 'state', 'api'],
};

/** Folders that may use another's types but none of its code (design.md §2: ui/ reads storage's records). */
const TYPES_ONLY = { ui: ['storage'] };

/** The `no-restricted-imports` patterns that keep src/<folder> inside its boundaries. */
function folderPatterns(folder) {
  return [
    ...FORBIDDEN_IMPORTS[folder].map((other) => ({
      group: [`**/${other}`, `**/${other}/**`],
      message: `src/${folder} may not import src/${other} (design.md §2).`,
    })),
    ...(TYPES_ONLY[folder] ?? []).map((other) => ({
      group: [`**/${other}`, `**/${other}/**`],
      allowTypeImports: true,
      message: `src/${folder} may use only the types of src/${other} (design.md §2).`,
    })),
    ...(folder === 'contract' || BROWSER.includes(folder)
      ? [{ group: ['node:*'], message: `src/${folder} runs in the browser: no Node APIs.` }]
      : []),
  ];
}

const TESTS = ['src/**/*.test.ts', 'src/**/*.test.tsx'];

const boundaryRules = Object.keys(FORBIDDEN_IMPORTS).map((folder) => ({
  files: [`src/${folder}/**/*.{ts,tsx}`],
  ignores: TESTS,
  rules: { 'no-restricted-imports': ['error', { patterns: folderPatterns(folder) }] },
}));

/**
 * The rooms of src/ui (design.md §2). `shell/` (Studio.tsx and its parts) lays out the studio and wires features
 * together through props and slots; `kit/` holds presentational pieces bound to no store; every other
 * folder is a feature, which may use kit/ and the layers below but never another feature or the shell.
 */
const UI_FEATURES = readdirSync(new URL('./src/ui', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && !['shell', 'kit'].includes(entry.name))
  .map((entry) => entry.name);
const SHELL = ['shell'];

/** Matches a relative import that lands in one of `rooms` of src/ui (from any depth below src/ui). */
const intoRooms = (rooms) =>
  `^(\\.\\./)+(ui/)?(${rooms.map((room) => room.replace('.', '\\.')).join('|')})(/|$)`;

function uiRoomRule(files, forbidden, message, extraPatterns = []) {
  const regex = intoRooms(forbidden);
  return {
    files,
    ignores: TESTS,
    rules: {
      // The ui/ folder's own patterns stay: a later block replaces a rule's options, it does not add to them.
      'no-restricted-imports': [
        'error',
        { patterns: [...folderPatterns('ui'), { regex, message }, ...extraPatterns] },
      ],
      // A lazily loaded view is imported with import(), which no-restricted-imports does not see.
      'no-restricted-syntax': [
        'error',
        { selector: `ImportExpression[source.value=/${regex.replaceAll('/', '\\x2F')}/]`, message },
      ],
    },
  };
}

const uiRoomRules = [
  ...UI_FEATURES.map((feature) =>
    uiRoomRule(
      [`src/ui/${feature}/**/*.{ts,tsx}`],
      [...UI_FEATURES.filter((other) => other !== feature), ...SHELL],
      `src/ui/${feature} is a feature: it may use src/ui/kit, never another feature or the shell, which wires features together through props and slots (design.md §2).`,
    ),
  ),
  uiRoomRule(
    ['src/ui/kit/**/*.{ts,tsx}'],
    [...UI_FEATURES, ...SHELL],
    'src/ui/kit is presentational: it may not import a feature or the shell (design.md §2).',
    [
      {
        group: ['**/studio', '**/studio/**'],
        message: 'src/ui/kit is bound to no store: take values and callbacks as props (design.md §2).',
      },
    ],
  ),
];

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'test-results', 'playwright-report'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['src/{app,studio,ui,editor,state,api,storage}/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  ...boundaryRules,
  ...uiRoomRules,
);
