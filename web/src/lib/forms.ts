import { useState } from "preact/hooks";
import { ApiError } from "../api/client";

/** Tracks a form's submission: server errors per field and overall. */
export function useSubmit() {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState("");
  const [busy, setBusy] = useState(false);
  async function submit(work: () => Promise<void>) {
    setBusy(true);
    try {
      await work();
      setErrors({});
      setMessage("");
    } catch (e) {
      if (e instanceof ApiError) {
        setErrors(e.fieldErrors);
        setMessage(Object.keys(e.fieldErrors).length ? "" : e.message);
      } else {
        setMessage("The server could not be reached. Try again.");
      }
    } finally {
      setBusy(false);
    }
  }
  return { errors, message, busy, submit };
}

export function formValues(form: HTMLFormElement): Record<string, string> {
  return Object.fromEntries([...new FormData(form).entries()].map(([k, v]) => [k, String(v)]));
}
