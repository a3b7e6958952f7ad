// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/** Folders of the design (design.md §2) and the folders of ours each may not import. */
const BROWSER = ['app', 'ui', 'editor', 'state', 'api', 'storage'];
const SERVER = ['relay', 'engine'];
const ALL = [...BROWSER, ...SERVER, 'contract'];
const FORBIDDEN_IMPORTS = {
  contract: ALL.filter((folder) => folder !== 'contract'),
  relay: BROWSER,
  engine: [...BROWSER, 'relay'],
  app: SERVER,
  ui: [...SERVER, 'app'],
  editor: [...SERVER, 'app', 'ui', 'api', 'storage'],
  state: [...SERVER, 'app', 'ui', 'editor', 'api'],
  api: [...SERVER, 'app', 'ui', 'editor', 'state', 'storage'],
  storage: [...SERVER, 'app', 'ui', 'editor', 'state', 'api'],
};

const boundaryRules = Object.entries(FORBIDDEN_IMPORTS).map(([folder, forbidden]) => ({
  files: [`src/${folder}/**/*.{ts,tsx}`],
  ignores: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          ...forbidden.map((other) => ({
            group: [`**/${other}`, `**/${other}/**`],
            message: `src/${folder} may not import src/${other} (design.md §2).`,
          })),
          ...(folder === 'contract' || BROWSER.includes(folder)
            ? [{ group: ['node:*'], message: `src/${folder} runs in the browser: no Node APIs.` }]
            : []),
        ],
      },
    ],
  },
}));

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
    files: ['src/{app,ui,editor,state,api,storage}/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  ...boundaryRules,
);
