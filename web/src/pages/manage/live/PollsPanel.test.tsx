import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/preact";
import { fakeApi, problem } from "../../../testing/fakeApi";
import { createConsole } from "./consoleState";
import { PollsPanel } from "./PollsPanel";
import { base, eventID, FakeEventSource, fakeEventSource, poll, questionList } from "./fixtures";
import type { ModPoll } from "./types";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

async function panel(polls: ModPoll[], routes: Parameters<typeof fakeApi>[0] = {}) {
  fakeEventSource();
  const calls = fakeApi({ [`GET ${base}/questions`]: questionList([]), [`GET ${base}/polls`]: { status: 200, body: { items: polls } }, ...routes });
  const con = createConsole(eventID);
  await con.start();
  render(<PollsPanel con={con} />);
  return { calls, stream: FakeEventSource.made[0] };
}

describe("PollsPanel", () => {
  it("creates a draft from the question, its options and the choices", async () => {
    const { calls } = await panel([], { [`POST ${base}/polls`]: ({ body }) => ({ status: 201, body: poll({ id: "p9", question: (body as { question: string }).question }) }) });
    fireEvent.input(screen.getByLabelText("Poll question"), { target: { value: "Which topic next?" } });
    fireEvent.input(screen.getByLabelText("Option 1"), { target: { value: "Data" } });
    fireEvent.input(screen.getByLabelText("Option 2"), { target: { value: "Money" } });
    fireEvent.click(screen.getByRole("button", { name: "Add another option" }));
    fireEvent.input(screen.getByLabelText("Option 3"), { target: { value: "People" } });
    fireEvent.click(screen.getByRole("button", { name: "Add another option" }));
    fireEvent.click(screen.getByRole("button", { name: "Remove option 4" }));
    fireEvent.click(screen.getByLabelText("Any number of answers"));
    fireEvent.click(screen.getByLabelText("Shown once the poll is closed"));
    fireEvent.click(screen.getByRole("button", { name: "Save poll" }));
    await screen.findByText("Poll saved as a draft. Open it when the audience should answer.");
    expect(calls.at(-1)).toMatchObject({ method: "POST", path: `${base}/polls`,
      body: { question: "Which topic next?", options: ["Data", "Money", "People"], multiple: true, results: "closed" } });
    expect(screen.getByRole("heading", { name: "Which topic next?" })).toBeTruthy();
    expect((screen.getByLabelText("Poll question") as HTMLInputElement).value).toBe("");
  });

  it("shows the server's errors on the form", async () => {
    await panel([], { [`POST ${base}/polls`]: problem(422, "Check the poll.", { "options[1]": "Give each option some words." }) });
    fireEvent.click(screen.getByRole("button", { name: "Save poll" }));
    const summary = await screen.findByRole("alert");
    expect(within(summary).getByRole("link", { name: "Options: Give each option some words." }).getAttribute("href")).toBe("#options");
  });

  it("opens a draft, closes it, and shows results as they arrive", async () => {
    const { calls, stream } = await panel([poll()], {
      [`POST ${base}/polls/p1/open`]: { status: 200, body: poll({ status: "open" }) },
      [`POST ${base}/polls/p1/close`]: { status: 200, body: poll({ status: "closed", total: 4, options: [{ id: "o1", label: "Data", votes: 3 }, { id: "o2", label: "Money", votes: 1 }] }) },
    });
    fireEvent.click(screen.getByRole("button", { name: "Open poll" }));
    await screen.findByText("Open");
    expect(calls.at(-1)).toMatchObject({ method: "POST", path: `${base}/polls/p1/open` });
    await waitFor(() => expect(document.activeElement?.textContent).toBe("Close poll"));
    stream.send("poll", poll({ status: "open", total: 2, options: [{ id: "o1", label: "Data", votes: 2 }, { id: "o2", label: "Money", votes: 0 }] }), "50");
    await screen.findByText("2 votes (100%)");
    fireEvent.click(screen.getByRole("button", { name: "Close poll" }));
    await screen.findByText("3 votes (75%)");
    expect(screen.getByText("Closed")).toBeTruthy();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole("heading", { name: "Which topic next?" })));
    expect(screen.queryByRole("button", { name: /^(Open|Close) poll$/ })).toBeNull();
  });

  it("deletes a draft only once confirmed", async () => {
    const { calls } = await panel([poll()], { [`DELETE ${base}/polls/p1`]: { status: 204 } });
    fireEvent.click(screen.getByRole("button", { name: "Delete the draft “Which topic next?”" }));
    const dialog = await screen.findByRole("dialog", { name: "Delete this draft poll?" });
    expect(calls.some((c) => c.method === "DELETE")).toBe(false);
    fireEvent.click(within(dialog).getByRole("button", { name: "Yes, delete it" }));
    await waitFor(() => expect(screen.queryByRole("heading", { name: "Which topic next?" })).toBeNull());
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole("heading", { name: "Polls" })));
    expect(calls.at(-1)).toMatchObject({ method: "DELETE", path: `${base}/polls/p1` });
  });
});
