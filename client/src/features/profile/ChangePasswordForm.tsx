import { useState, type FormEvent } from "react";
import { clearFieldError } from "../../lib/form";
import { toast } from "sonner";
import { Button } from "../../components/ui/Button";
import { Field, FormError } from "../../components/ui/Field";
import { fieldErrors, formMessage } from "../../lib/api";
import { passwordIsValid } from "../../lib/password-rules";
import { PasswordChecklist } from "../auth/PasswordChecklist";
import { PasswordInput } from "../auth/PasswordInput";
import { useChangePassword } from "./profile.api";

/** Changes the password; for an account made through a sign-in provider (`hasPassword` false) it sets the first one. */
export function ChangePasswordForm({ email, hasPassword = true }: { email: string; hasPassword?: boolean }) {
  const [currentPassword, setCurrentPassword] = useState("");
  const [newPassword, setNewPassword] = useState("");
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const change = useChangePassword();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const errors: Record<string, string> = {};
    if (hasPassword && !currentPassword) errors.currentPassword = "Enter your current password";
    if (!passwordIsValid(newPassword, email)) errors.newPassword = "Choose a password that meets all the requirements below";
    else if (hasPassword && newPassword === currentPassword) errors.newPassword = "The new password must be different from the current one";
    setLocalErrors(errors);
    if (Object.keys(errors).length > 0) return;
    change.mutate(
      hasPassword ? { currentPassword, newPassword } : { newPassword },
      {
        onSuccess: () => {
          setCurrentPassword("");
          setNewPassword("");
          toast.success(hasPassword ? "Password changed. Your other sessions were signed out." : "Password set. You can now also sign in with your email and this password.");
        },
      },
    );
  };

  const errors = { ...fieldErrors(change.error), ...localErrors };
  return (
    <form onSubmit={submit} noValidate className="space-y-4" aria-label={hasPassword ? "Change password" : "Set a password"}>
      {/* Lets password managers tie the new password to the account. */}
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      <FormError message={formMessage(change.error, ["currentPassword", "newPassword"])} />
      <div className="grid gap-4 sm:grid-cols-2">
        {hasPassword ? (
          <Field label="Current password" error={errors.currentPassword}>
            <PasswordInput autoComplete="current-password" value={currentPassword} onChange={(e) => {
                setCurrentPassword(e.target.value);
                clearFieldError(setLocalErrors, "currentPassword");
              }} />
          </Field>
        ) : null}
        <Field label="New password" error={errors.newPassword} hint={<PasswordChecklist password={newPassword} email={email} />}>
          <PasswordInput autoComplete="new-password" value={newPassword} onChange={(e) => {
              setNewPassword(e.target.value);
              clearFieldError(setLocalErrors, "newPassword");
            }} />
        </Field>
      </div>
      <Button type="submit" loading={change.isPending}>
        {hasPassword ? "Change password" : "Set password"}
      </Button>
    </form>
  );
}
