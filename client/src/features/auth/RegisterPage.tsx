import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { clearFieldError } from "../../lib/form";
import { Link, useNavigate, useSearchParams } from "react-router-dom";
import { Button } from "../../components/ui/Button";
import { Field, FormError } from "../../components/ui/Field";
import { Input } from "../../components/ui/Input";
import { fieldErrors, formMessage } from "../../lib/api";
import { passwordIsValid } from "../../lib/password-rules";
import { safeNext, withNext } from "../../lib/safe-next";
import { useSession } from "../../lib/session";
import { register } from "./auth.api";
import { AuthLayout } from "./AuthLayout";
import { PasswordChecklist } from "./PasswordChecklist";
import { PasswordInput } from "./PasswordInput";

export function RegisterPage() {
  const [params] = useSearchParams();
  const next = params.get("next");
  const navigate = useNavigate();
  const { signIn } = useSession();
  const [name, setName] = useState("");
  const [email, setEmail] = useState(params.get("email") ?? "");
  const [password, setPassword] = useState("");
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});

  const mutation = useMutation({
    mutationFn: async () => signIn(await register({ name: name.trim(), email: email.trim(), password })),
    onSuccess: () => navigate(safeNext(next), { replace: true }),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const errors: Record<string, string> = {};
    if (!name.trim()) errors.name = "Enter your name";
    if (!email.trim()) errors.email = "Enter your email address";
    else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim())) errors.email = "Enter a valid email address";
    if (!passwordIsValid(password, email)) errors.password = "Choose a password that meets all the requirements below";
    setLocalErrors(errors);
    if (Object.keys(errors).length === 0) mutation.mutate();
  };

  const errors = { ...fieldErrors(mutation.error), ...localErrors };

  return (
    <AuthLayout
      title="Create your account"
      subtitle={next?.startsWith("/invite/") ? "Create an account to accept your invitation." : "Plan projects, track tasks and book your team — all in one place."}
      footer={
        <>
          Already have an account?{" "}
          <Link to={withNext("/sign-in", next)} className="font-medium text-indigo-600 hover:text-indigo-500">
            Sign in
          </Link>
        </>
      }
    >
      <title>Create account · TeamFlow</title>
      <form onSubmit={submit} noValidate className="space-y-5">
        <FormError message={formMessage(mutation.error, ["name", "email", "password"])} />
        <Field label="Name" error={errors.name}>
          <Input name="name" autoComplete="name" autoFocus value={name} onChange={(e) => {
              setName(e.target.value);
              clearFieldError(setLocalErrors, "name");
            }} maxLength={100} />
        </Field>
        <Field label="Email" error={errors.email}>
          <Input type="email" name="email" autoComplete="email" inputMode="email" value={email} onChange={(e) => {
              setEmail(e.target.value);
              clearFieldError(setLocalErrors, "email");
            }} />
        </Field>
        <Field label="Password" error={errors.password} hint={<PasswordChecklist password={password} email={email} />}>
          <PasswordInput name="password" autoComplete="new-password" value={password} onChange={(e) => {
              setPassword(e.target.value);
              clearFieldError(setLocalErrors, "password");
            }} />
        </Field>
        <Button type="submit" className="w-full" loading={mutation.isPending}>
          Create account
        </Button>
      </form>
    </AuthLayout>
  );
}
