import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/preact";
import { LocationProvider, Route, Router } from "preact-iso";
import { fakeApi, problem } from "../testing/fakeApi";
import { UnsubscribePage } from "./UnsubscribePage";

function open(token: string) {
  history.replaceState(null, "", `/unsubscribe/${token}`);
  render(
    <LocationProvider>
      <Router>
        <Route path="/unsubscribe/:token" component={UnsubscribePage} />
        <Route default component={() => <p>Elsewhere</p>} />
      </Router>
    </LocationProvider>,
  );
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("UnsubscribePage", () => {
  it("names the event and unsubscribes with one button, then says so", async () => {
    const calls = fakeApi({
      "GET /api/v1/unsubscribe/tok-1": { status: 200, body: { event_title: "Prevention in practice", unsubscribed: false } },
      "POST /api/v1/unsubscribe/tok-1": { status: 200, body: { event_title: "Prevention in practice", unsubscribed: true } },
    });
    open("tok-1");
    expect(await screen.findByText("Prevention in practice")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Unsubscribe" }));
    await screen.findByText(/You are unsubscribed/);
    expect(screen.getByRole("status").textContent).toMatch(/^You are unsubscribed/);
    expect(screen.queryByRole("button", { name: "Unsubscribe" })).toBeNull();
    const post = calls.find((c) => c.method === "POST" && c.path === "/api/v1/unsubscribe/tok-1");
    expect(post?.body).toEqual({});
    expect(post?.headers["Content-Type"]).toBe("application/json");
  });

  it("says so at once when the link was used before", async () => {
    fakeApi({ "GET /api/v1/unsubscribe/tok-2": { status: 200, body: { event_title: "Prevention in practice", unsubscribed: true } } });
    open("tok-2");
    expect((await screen.findByRole("status")).textContent).toMatch(/already unsubscribed/);
    expect(screen.queryByRole("button", { name: "Unsubscribe" })).toBeNull();
  });

  it("explains a link that is not valid under a heading", async () => {
    fakeApi({ "GET /api/v1/unsubscribe/not-a-token": problem(404, "Not found.") });
    open("not-a-token");
    expect(await screen.findByRole("heading", { level: 1, name: "This link is not valid" })).toBeTruthy();
    expect(screen.queryByRole("button")).toBeNull();
  });

  it("shows the server's message when unsubscribing fails", async () => {
    fakeApi({
      "GET /api/v1/unsubscribe/tok-3": { status: 200, body: { event_title: "Prevention in practice", unsubscribed: false } },
      "POST /api/v1/unsubscribe/tok-3": problem(429, "Too many requests. Try again in a minute."),
    });
    open("tok-3");
    fireEvent.click(await screen.findByRole("button", { name: "Unsubscribe" }));
    expect((await screen.findByRole("alert")).textContent).toContain("Too many requests. Try again in a minute.");
  });
});
