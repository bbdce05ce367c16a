import { useLocation } from "preact-iso";
import { api, type SessionResponse } from "../api/client";
import { setSession } from "../lib/session";
import { formValues, useSubmit } from "../lib/forms";
import { useTitle } from "../components/useTitle";
import { FormField } from "../components/FormField";
import { ErrorSummary } from "../components/ErrorSummary";

/** Organiser sign-in. */
export function LoginPage() {
  const { query, route } = useLocation();
  const { errors, message, busy, submit } = useSubmit();
  useTitle("Sign in");
  const next = query.next?.startsWith("/") && !query.next.startsWith("//") ? query.next : "/manage";
  return (
    <>
      <h1>Sign in</h1>
      <p>For organisers, moderators and admins.</p>
      <ErrorSummary message={message} errors={errors} labels={{ email: "Email address", password: "Password" }} />
      <form noValidate onSubmit={(e) => {
        e.preventDefault();
        const v = formValues(e.currentTarget);
        submit(async () => {
          setSession(await api.post<SessionResponse>("/api/v1/auth/login", v));
          route(next);
        });
      }}>
        <FormField id="email" label="Email address" error={errors.email}>
          {(d) => <input id="email" name="email" type="email" autoComplete="username" aria-describedby={d} required />}
        </FormField>
        <FormField id="password" label="Password" error={errors.password}>
          {(d) => <input id="password" name="password" type="password" autoComplete="current-password" aria-describedby={d} required />}
        </FormField>
        <div class="actions"><button type="submit" disabled={busy}>Sign in</button></div>
      </form>
    </>
  );
}
