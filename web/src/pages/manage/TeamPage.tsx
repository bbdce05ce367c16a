import { useEffect, useRef, useState } from "preact/hooks";
import { api, getAll, type Schemas } from "../../api/client";
import { useSubmit, formValues } from "../../lib/forms";
import { useRequireUser } from "../../lib/requireUser";
import { useTitle } from "../../components/useTitle";
import { ErrorSummary } from "../../components/ErrorSummary";
import { FormField } from "../../components/FormField";
import { ConfirmButton } from "../../components/ConfirmDialog";
import { NotificationBanner } from "../../components/NotificationBanner";
import { Tag, type TagColour } from "../../components/Tag";
import "./TeamPage.css";

type User = Schemas["User"];
type CreatedUser = Schemas["CreatedUser"];

const roles = [
  { value: "organiser", name: "Organiser", hint: "Creates and runs events, decides on registrations, sends messages." },
  { value: "moderator", name: "Moderator", hint: "Reads events and registrations; runs Q&A, polls and comments." },
  { value: "admin", name: "Admin", hint: "Everything an organiser does, and adds or removes people here." },
] as const;
const roleColours: Record<string, TagColour> = { admin: "purple", organiser: "blue", moderator: "grey" };
const labels = { email: "Email address", name: "Full name", role: "Role" };

/** Admins only: who can sign in to run events, adding and removing them. */
export function TeamPage() {
  const user = useRequireUser();
  const [users, setUsers] = useState<User[] | null>(null);
  const [added, setAdded] = useState<CreatedUser | null>(null);
  const [notice, setNotice] = useState("");
  const noticeLine = useRef<HTMLParagraphElement>(null);
  const { errors, message, busy, submit } = useSubmit();
  useTitle("Your team");
  const load = () => getAll<User>("/api/v1/users").then(setUsers);
  useEffect(() => {
    if (user?.role === "admin") load();
  }, [user]);

  if (!user) return <p aria-live="polite">Checking your sign-in…</p>;
  if (user.role !== "admin") {
    return <><h1>Your team</h1><p>Only admins can add or remove people. <a href="/manage">Back to your events</a></p></>;
  }
  const remove = (u: User) => submit(async () => {
    await api.del(`/api/v1/users/${u.id}`);
    await load();
    setAdded(null);
    setNotice(`${u.name} is removed and signed out.`);
    noticeLine.current?.focus(); // the button pressed is gone
  });
  return (
    <>
      <p><a href="/manage">Back to your events</a></p>
      <h1>Your team</h1>
      <p>People who sign in to run events. Attendees never need an account.</p>
      {added && (
        <NotificationBanner type="success" title="Added">
          <p class="notification-banner__heading">{added.name} can now sign in as {added.role === "moderator" ? "a" : "an"} {added.role}.</p>
          {added.initial_password && (
            <>
              <p>Give them their email address and this password, by phone or in person rather than by email.
                It is shown only now: once you leave this page, nobody can see it again.</p>
              <p><span class="visually-hidden">Password: </span><code class="team-password">{added.initial_password}</code></p>
            </>
          )}
        </NotificationBanner>
      )}
      <p role="status" tabIndex={-1} ref={noticeLine}>{notice}</p>
      <ErrorSummary message={message} errors={errors} labels={labels} />
      {users && (
        <table class="manage-table team-table">
          <caption class="visually-hidden">People who can sign in</caption>
          <thead><tr><th scope="col">Name</th><th scope="col">Role</th><th scope="col">Action</th></tr></thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td>{u.name}<br /><span class="muted team-table__email">{u.email}</span></td>
                <td><Tag colour={roleColours[u.role]}>{u.role}</Tag></td>
                <td>
                  {u.id === user.id ? <span class="muted">You</span> : (
                    <ConfirmButton class="secondary" disabled={busy} label={<>Remove<span class="visually-hidden"> {u.name}</span></>}
                      title={`Remove ${u.name}?`}
                      consequence={() => `${u.name} is signed out at once and can no longer sign in. The events and messages they made stay, still naming them. You can add ${u.email} again later.`}
                      confirmLabel={`Yes, remove ${u.name}`} keepLabel="Keep them" onConfirm={() => remove(u)} />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2 id="add-title">Add someone</h2>
      <form class="team-form" aria-labelledby="add-title" noValidate onSubmit={(e) => {
        e.preventDefault();
        const form = e.currentTarget;
        const values = formValues(form);
        submit(async () => {
          const created = await api.post<CreatedUser>("/api/v1/users", values);
          form.reset();
          setNotice("");
          setAdded(created);
          await load();
        });
      }}>
        <FormField id="email" label={labels.email} error={errors.email}>
          {(d) => <input id="email" name="email" type="email" autocomplete="off" spellcheck={false} aria-describedby={d} />}
        </FormField>
        <FormField id="name" label={labels.name} error={errors.name}>
          {(d) => <input id="name" name="name" autocomplete="off" aria-describedby={d} />}
        </FormField>
        <fieldset id="role" class={errors.role ? "field field--error" : "field"} aria-describedby={errors.role ? "role-error" : undefined}>
          <legend>{labels.role}</legend>
          {errors.role && <span id="role-error" class="field-error"><span class="visually-hidden">Error: </span>{errors.role}</span>}
          {roles.map((r) => (
            <div class="team-radio" key={r.value}>
              <input type="radio" id={`role-${r.value}`} name="role" value={r.value} defaultChecked={r.value === "organiser"}
                aria-describedby={`role-${r.value}-hint`} />
              <label for={`role-${r.value}`}>{r.name}</label>
              <span id={`role-${r.value}-hint`} class="hint">{r.hint}</span>
            </div>
          ))}
        </fieldset>
        <p class="hint">The server makes them a password, shown to you once, for you to give them.</p>
        <div class="actions"><button type="submit" disabled={busy}>Add to the team</button></div>
      </form>
    </>
  );
}
