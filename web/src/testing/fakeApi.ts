// A stand-in for the Plenary API in component tests: fetch answers from a
// table of "METHOD /path" routes and records every request it was sent.
import { vi } from "vitest";

export type Call = { method: string; path: string; query: URLSearchParams; body: unknown; headers: Record<string, string> };
type Reply = { status: number; body?: unknown };
type Route = Reply | ((call: Call) => Reply);

/** A problem+json reply, as the server sends for errors. */
export function problem(status: number, detail: string, errors?: Record<string, string>): Reply {
  return { status, body: { type: "about:blank", title: detail, status, detail, ...(errors ? { errors } : {}) } };
}

const signedIn: Reply = {
  status: 200,
  body: { user: { id: "u1", email: "ada@example.org", name: "Ada Admin", role: "admin" }, csrf_token: "csrf-1" },
};

/** Replaces fetch for the current test; unknown routes answer 404. */
export function fakeApi(routes: Record<string, Route>): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal("fetch", vi.fn(async (input: string, init: RequestInit = {}) => {
    const url = new URL(input, "http://localhost");
    const call: Call = {
      method: init.method ?? "GET",
      path: url.pathname,
      query: url.searchParams,
      body: typeof init.body === "string" ? JSON.parse(init.body) : init.body, // a Blob as it was sent
      headers: (init.headers ?? {}) as Record<string, string>,
    };
    calls.push(call);
    const route = routes[`${call.method} ${call.path}`] ?? (call.path === "/api/v1/auth/me" ? signedIn : problem(404, "Not found."));
    const reply = typeof route === "function" ? route(call) : route;
    return {
      ok: reply.status >= 200 && reply.status < 300,
      status: reply.status,
      statusText: String(reply.status),
      json: async () => reply.body,
      // A file the API sends (a PDF, say): a Blob as the route gives it, or its body as JSON.
      blob: async () => (reply.body instanceof Blob ? reply.body : new Blob([JSON.stringify(reply.body ?? null)])),
    } as Response;
  }));
  return calls;
}
