// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

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
          ...(TYPES_ONLY[folder] ?? []).map((other) => ({
            group: [`**/${other}`, `**/${other}/**`],
            allowTypeImports: true,
            message: `src/${folder} may use only the types of src/${other} (design.md §2).`,
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
    files: ['src/{app,studio,ui,editor,state,api,storage}/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  ...boundaryRules,
);
