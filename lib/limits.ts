/*
 * Field limits shared by the forms (as maxlength/minlength, in the browser) and their server-side schemas
 * (lib/validation.ts). A file of its own with no imports, because client components need it: reaching it
 * through lib/validation.ts brought zod and, via the join code's node:crypto, a browserified crypto into
 * every page's JavaScript, and both probe `new Function`, which the CSP (no 'unsafe-eval') refuses.
 */
export const LIMITS = {
  usernameMin: 3,
  usernameMax: 32,
  passwordMin: 8,
  passwordMax: 200,
  displayNameMax: 80,
  classNameMax: 100,
  instructionsMax: 4000,
  returnNoteMax: 2000,
} as const;
