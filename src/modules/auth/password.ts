import bcrypt from "bcrypt";

export const PASSWORD_MIN_LENGTH = 10;
/** bcrypt ignores bytes past 72, so longer passwords would silently be truncated. */
export const PASSWORD_MAX_BYTES = 72;

const CLASSES: Array<[string, RegExp]> = [
  ["lowercase letters", /\p{Ll}/u],
  ["uppercase letters", /\p{Lu}/u],
  ["digits", /\p{Nd}/u],
  ["symbols", /[^\p{L}\p{Nd}]/u],
];

/** Password policy of SPEC §4.1; returns the reasons it fails (empty when acceptable). */
export function passwordProblems(password: string, email?: string): string[] {
  const problems: string[] = [];
  if (password.length < PASSWORD_MIN_LENGTH) problems.push(`must be at least ${PASSWORD_MIN_LENGTH} characters`);
  if (Buffer.byteLength(password, "utf8") > PASSWORD_MAX_BYTES) problems.push(`must be at most ${PASSWORD_MAX_BYTES} bytes`);
  const classes = CLASSES.filter(([, re]) => re.test(password)).length;
  if (password.length > 0 && classes < 2) problems.push("must mix at least two of: lowercase letters, uppercase letters, digits, symbols");
  if (email && password.trim().toLowerCase() === email.trim().toLowerCase()) problems.push("must not be your email address");
  return problems;
}

export const hashPassword = (password: string, cost: number) => bcrypt.hash(password, cost);
/** False for an account without a password (it signs in through a provider only). */
export const verifyPassword = async (password: string, hash: string | null) => (hash ? bcrypt.compare(password, hash) : false);

let dummyHash: Promise<string> | undefined;
/** A hash to compare against when the account does not exist, so timing does not reveal it. */
export function dummyPasswordHash(cost: number): Promise<string> {
  dummyHash ??= bcrypt.hash("teamflow-timing-equaliser", cost);
  return dummyHash;
}
