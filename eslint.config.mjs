import js from "@eslint/js";
import globals from "globals";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";
import boundaries from "./scripts/eslint/module-boundaries.mjs";

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "src/generated/**", "coverage/**", "data/**", "tests/artifacts/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // The server's boundaries (docs/ARCHITECTURE.md): modules through their index.ts, events after commit, SQL parameterised.
    files: ["src/**/*.ts"],
    plugins: { boundaries },
    rules: {
      "boundaries/only-through-index": "error",
      "boundaries/publish-through-unit-of-work": "error",
      "no-restricted-properties": [
        "error",
        { property: "$queryRawUnsafe", message: "Use the $queryRaw tagged template (parameterised), see the rule at the top of src/db/client.ts." },
        { property: "$executeRawUnsafe", message: "Use the $executeRaw tagged template (parameterised), see the rule at the top of src/db/client.ts." },
      ],
    },
  },
  { files: ["scripts/**/*.mjs", "*.js", "*.mjs"], languageOptions: { globals: globals.node } },
  { files: ["**/*.cjs", "jest.config.js"], languageOptions: { globals: globals.node, sourceType: "commonjs" }, rules: { "@typescript-eslint/no-require-imports": "off" } },
  {
    files: ["client/**/*.{ts,tsx}"],
    languageOptions: { globals: globals.browser },
    plugins: { "react-hooks": reactHooks },
    rules: { "react-hooks/rules-of-hooks": "error", "react-hooks/exhaustive-deps": "warn" },
  },
);
