import { useEffect, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { api, ApiError, type Schemas, type SessionResponse } from "../api/client";
import { setSession } from "../lib/session";
import { formValues, useSubmit } from "../lib/forms";
import { useTitle } from "../components/useTitle";
import { FormField } from "../components/FormField";
import { ErrorSummary } from "../components/ErrorSummary";

const labels = { name: "Your name", email: "Email address", password: "Password" };

/** First run: the setup link's page, where the first admin signs up. A
 *  link that was used or has expired says so before any form is shown. */
export function SetupPage() {
  const { query, route } = useLocation();
  const { errors, message, busy, submit } = useSubmit();
  const [link, setLink] = useState<{ works: boolean; why: string } | null>(null);
  useEffect(() => {
    api.get<Schemas["SetupLinkStatus"]>(`/api/v1/setup?token=${encodeURIComponent(query.token ?? "")}`)
      .then(() => setLink({ works: true, why: "" }))
      .catch((e) => setLink({ works: false, why: e instanceof ApiError ? e.message : "The server could not be reached. Try again." }));
  }, [query.token]);
  useTitle(link && !link.works ? "This setup link does not work" : "Create the first admin");
  if (!link) return <p aria-live="polite">Checking your setup link…</p>;
  if (!link.works) {
    return (
      <>
        <h1>This setup link does not work</h1>
        <p>{link.why}</p>
        <p><a href="/login">Sign in</a></p>
      </>
    );
  }
  return (
    <>
      <h1>Create the first admin</h1>
      <p>This link works once, for an hour after the server printed it.</p>
      <ErrorSummary message={message} errors={errors} labels={labels} />
      <form noValidate onSubmit={(e) => {
        e.preventDefault();
        const v = formValues(e.currentTarget);
        submit(async () => {
          setSession(await api.post<SessionResponse>("/api/v1/setup", { token: query.token ?? "", ...v }));
          route("/manage");
        });
      }}>
        <FormField id="name" label={labels.name} error={errors.name}>
          {(d) => <input id="name" name="name" autoComplete="name" aria-describedby={d} required />}
        </FormField>
        <FormField id="email" label={labels.email} error={errors.email}>
          {(d) => <input id="email" name="email" type="email" autoComplete="email" aria-describedby={d} required />}
        </FormField>
        <FormField id="password" label={labels.password} hint="At least 12 characters. A few unrelated words make a strong password." error={errors.password}>
          {(d) => <input id="password" name="password" type="password" autoComplete="new-password" aria-describedby={d} required />}
        </FormField>
        <div class="actions"><button type="submit" disabled={busy}>Create admin</button></div>
      </form>
    </>
  );
}
