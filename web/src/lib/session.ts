import { signal, computed } from "@preact/signals";
import type { components } from "../api/schema";

type User = components["schemas"]["User"];

/** The signed-in user: undefined while unknown, null when signed out. */
export const currentUser = signal<User | null | undefined>(undefined);
export const csrfToken = signal<string>("");
export const signedIn = computed(() => !!currentUser.value);

export function setSession(s: { user: User; csrf_token: string } | null) {
  currentUser.value = s?.user ?? null;
  csrfToken.value = s?.csrf_token ?? "";
}

/** Loads the session once; pages that need a user await it. */
let loading: Promise<void> | undefined;
export function loadSession(): Promise<void> {
  loading ??= fetch("/api/v1/auth/me", { credentials: "same-origin" })
    .then(async (resp) => setSession(resp.ok ? await resp.json() : null))
    .catch(() => setSession(null));
  return loading;
}
