// The password policy of SPEC §4.1, mirrored so the form can show it live.
// The server checks the same rules and has the last word.

export interface PasswordRule {
  id: string;
  label: string;
  ok: boolean;
}

export function passwordRules(password: string, email: string): PasswordRule[] {
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  // Exactly the server's rule (src/modules/auth/password.ts): the password must not be the email.
  const normalizedEmail = email.trim().toLowerCase();
  const isEmail = normalizedEmail.length > 0 && password.trim().toLowerCase() === normalizedEmail;
  return [
    { id: "length", label: "At least 10 characters", ok: password.length >= 10 },
    { id: "classes", label: "At least two of: lowercase, uppercase, digits, symbols", ok: classes >= 2 },
    { id: "email", label: "Not your email address", ok: password.length > 0 && !isEmail },
  ];
}

export function passwordIsValid(password: string, email: string): boolean {
  return passwordRules(password, email).every((r) => r.ok);
}
