// A small typed client for the Plenary API. Types come from
// api/openapi.yaml through openapi-typescript (schema.d.ts).
import type { components } from "./schema";
import { csrfToken, loadSession } from "../lib/session";

export type Schemas = components["schemas"];
export type PublicEvent = Schemas["PublicEvent"];
export type EventListPage = Schemas["EventListPage"];
export type EventDetail = Schemas["EventDetail"];
export type Event = Schemas["Event"];
export type Person = Schemas["Person"];
export type Organisation = Schemas["Organisation"];
export type Problem = Schemas["Problem"];
export type SessionResponse = Schemas["SessionResponse"];
export type RegistrationForm = Schemas["RegistrationForm"];
export type Receipt = Schemas["Receipt"];
export type PublicTicketType = Schemas["PublicTicketType"];
export type AttendeeView = Schemas["AttendeeView"];
export type Registration = Schemas["Registration"];
export type RegistrationPage = Schemas["RegistrationPage"];
export type PaymentState = Schemas["PaymentState"];
export type PaymentDocument = Schemas["PaymentDocument"];
export type Checkout = Schemas["Checkout"];

/** ApiError carries the server's problem+json: a detail and per-field messages. */
export class ApiError extends Error {
  constructor(public readonly problem: Problem) {
    super(problem.detail);
  }
  get status() {
    return this.problem.status;
  }
  get fieldErrors(): Record<string, string> {
    return this.problem.errors ?? {};
  }
}

async function request<T>(method: string, path: string, body?: unknown, extra: Record<string, string> = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json", ...extra };
  // A Blob (a WebVTT file, say) goes as it is, typed by the Blob; anything else as JSON.
  const raw = body instanceof Blob;
  if (body !== undefined && !raw) headers["Content-Type"] = "application/json";
  if (method !== "GET" && !extra.Authorization) {
    // A signed-in organiser's browser sends its session cookie with every
    // write, so every write needs the session's CSRF token; learn it first.
    if (!csrfToken.value) await loadSession();
    if (csrfToken.value) headers["X-CSRF-Token"] = csrfToken.value;
  }
  const resp = await fetch(path, {
    method,
    headers,
    credentials: "same-origin",
    body: body === undefined ? undefined : raw ? body : JSON.stringify(body),
  });
  if (resp.status === 204) return undefined as T;
  const data = await resp.json().catch(() => null);
  if (!resp.ok) {
    throw new ApiError(
      data ?? { type: "about:blank", title: resp.statusText, status: resp.status, detail: "The server could not be reached." },
    );
  }
  return data as T;
}

export const api = {
  get: <T>(path: string) => request<T>("GET", path),
  post: <T>(path: string, body?: unknown) => request<T>("POST", path, body ?? undefined),
  put: <T>(path: string, body: unknown) => request<T>("PUT", path, body),
  patch: <T>(path: string, body: unknown) => request<T>("PATCH", path, body),
  del: <T>(path: string) => request<T>("DELETE", path),
};

/** A page of any list: every list of the API pages the same way. */
export type Page<T> = { items: T[]; next_cursor?: string | null };

/**
 * Every item of a list, following its pages: for pickers and lists an
 * organiser reads whole. `path` may carry the list's own filters.
 */
export async function getAll<T>(path: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null | undefined = null;
  do {
    const params = new URLSearchParams({ limit: "200" });
    if (cursor) params.set("cursor", cursor);
    const page: Page<T> = await api.get<Page<T>>(`${path}${path.includes("?") ? "&" : "?"}${params}`);
    items.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor);
  return items;
}

/** Calls made with an attendee's private manage-link token. */
export function withToken(token: string) {
  const auth = { Authorization: `Bearer ${token}` };
  return {
    get: <T>(path: string) => request<T>("GET", path, undefined, auth),
    post: <T>(path: string, body?: unknown) => request<T>("POST", path, body, auth),
    put: <T>(path: string, body: unknown) => request<T>("PUT", path, body, auth),
    del: <T>(path: string) => request<T>("DELETE", path, undefined, auth),
  };
}
