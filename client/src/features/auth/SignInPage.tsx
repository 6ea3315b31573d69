import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { clearFieldError } from "../../lib/form";
import { Link, useNavigate, useSearchParams } from "react-router-dom";
import { Button } from "../../components/ui/Button";
import { Field, FormError } from "../../components/ui/Field";
import { Input } from "../../components/ui/Input";
import { fieldErrors, formMessage } from "../../lib/api";
import { safeNext, withNext } from "../../lib/safe-next";
import { useSession } from "../../lib/session";
import { login } from "./auth.api";
import { AuthLayout } from "./AuthLayout";
import { OAuthButtons } from "./OAuthButtons";
import { PasswordInput } from "./PasswordInput";

export function SignInPage() {
  const [params] = useSearchParams();
  const next = params.get("next");
  const navigate = useNavigate();
  const { signIn } = useSession();
  const [email, setEmail] = useState(params.get("email") ?? "");
  const [password, setPassword] = useState("");
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  // A provider sign-in that failed comes back here with the reason.
  const oauthError = params.get("oauthError");

  const mutation = useMutation({
    mutationFn: async () => signIn(await login({ email: email.trim(), password })),
    onSuccess: () => navigate(safeNext(next), { replace: true }),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const errors: Record<string, string> = {};
    if (!email.trim()) errors.email = "Enter your email address";
    if (!password) errors.password = "Enter your password";
    setLocalErrors(errors);
    if (Object.keys(errors).length === 0) mutation.mutate();
  };

  const serverErrors = fieldErrors(mutation.error);
  const errors = { ...serverErrors, ...localErrors };

  return (
    <AuthLayout
      title="Sign in to TeamFlow"
      subtitle={next?.startsWith("/invite/") ? "Sign in to accept your invitation." : "Welcome back. Enter your details to continue."}
      footer={
        <>
          New to TeamFlow?{" "}
          <Link to={withNext("/register", next)} className="font-medium text-indigo-600 hover:text-indigo-500">
            Create an account
          </Link>
        </>
      }
    >
      <title>Sign in · TeamFlow</title>
      {oauthError ? (
        <div className="mb-5" data-testid="oauth-error">
          <FormError message={oauthError} />
        </div>
      ) : null}
      <div className="mb-5">
        <OAuthButtons next={next} />
      </div>
      <form onSubmit={submit} noValidate className="space-y-5">
        <FormError message={formMessage(mutation.error, ["email", "password"])} />
        <Field label="Email" error={errors.email}>
          <Input
            type="email"
            name="email"
            autoComplete="email"
            inputMode="email"
            autoFocus
            value={email}
            onChange={(e) => {
              setEmail(e.target.value);
              clearFieldError(setLocalErrors, "email");
            }}
          />
        </Field>
        <Field label="Password" error={errors.password}>
          <PasswordInput name="password" autoComplete="current-password" value={password} onChange={(e) => {
              setPassword(e.target.value);
              clearFieldError(setLocalErrors, "password");
            }} />
        </Field>
        <Button type="submit" className="w-full" loading={mutation.isPending}>
          Sign in
        </Button>
      </form>
    </AuthLayout>
  );
}
