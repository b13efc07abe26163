/*
 * Lint for what the type checker lets through: promises used as values. A query that becomes async and is
 * then called without `await` would pass a Promise where a row was meant (always truthy: an access check
 * that always passes) or drop a write's error. And React's rules of hooks in the app's components. Only
 * these; formatting is Prettier's, types are tsc's.
 */
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: [".next/**", "node_modules/**", "test-results/**", "playwright-report/**", "bench/results/**", "next-env.d.ts", "**/*.mjs", "**/*.js"] },
  // A subset of rules runs here, so a comment disabling one that does not is no error.
  { linterOptions: { reportUnusedDisableDirectives: "off" } },
  {
    files: ["**/*.ts", "**/*.tsx", "**/*.mts"],
    extends: [tseslint.configs.base],
    languageOptions: { parserOptions: { projectService: { allowDefaultProject: ["vitest.config.mts"] }, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      "@typescript-eslint/await-thenable": "error",
    },
  },
  {
    files: ["app/**/*.tsx", "app/**/*.ts"],
    plugins: { "react-hooks": reactHooks },
    rules: { "react-hooks/rules-of-hooks": "error", "react-hooks/exhaustive-deps": "warn" },
  },
);
