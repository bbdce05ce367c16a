import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/preact";
import { fakeApi, problem } from "../../../testing/fakeApi";
import { createConsole } from "./consoleState";
import { QuestionQueue } from "./QuestionQueue";
import { base, eventID, fakeEventSource, question, questionList } from "./fixtures";
import type { ModQuestion } from "./types";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const first = question({ id: "q1", votes: 3 });
const second = question({ id: "q2", body: "What did the pilot cost?", votes: 1, registration_id: "r2",
  asker: { name: "Joan Clarke", organisation: "Hut 8" }, email: "joan@hut8.example", sector: "central_government" });
const live = question({ id: "q3", body: "Who pays for it?", status: "published", votes: 7 });

/** The queue on a console loaded with the questions given; routes add to the fake API's. */
async function queue(items: ModQuestion[], routes: Parameters<typeof fakeApi>[0] = {}) {
  fakeEventSource();
  const calls = fakeApi({ [`GET ${base}/questions`]: questionList(items), [`GET ${base}/polls`]: { status: 200, body: { items: [] } }, ...routes });
  const con = createConsole(eventID);
  await con.start();
  render(<QuestionQueue con={con} />);
  return { con, calls };
}

const card = (body: string) => screen.getByRole("article", { name: body });
const reply = (q: ModQuestion) => () => ({ status: 200, body: q });

describe("QuestionQueue", () => {
  it("shows one status at a time with every status's count", async () => {
    await queue([first, second, live, question({ id: "q4", status: "dismissed", dismiss_reason: "Off topic" })]);
    const filter = screen.getByRole("group", { name: "Show questions" });
    expect(within(filter).getAllByRole("button").map((b) => [b.textContent, b.getAttribute("aria-pressed")])).toEqual([
      ["Held 2", "true"], ["Published 1", "false"], ["Answered 0", "false"], ["Dismissed 1", "false"],
    ]);
    expect(screen.getAllByRole("article").map((a) => a.querySelector("h3")?.textContent)).toEqual([first.body, second.body]);
    fireEvent.click(within(filter).getByRole("button", { name: "Dismissed 1" }));
    expect(screen.getByText("Off topic")).toBeTruthy();
    fireEvent.click(within(filter).getByRole("button", { name: "Answered 0" }));
    expect(screen.getByText("No questions have been answered yet.")).toBeTruthy();
  });

  it("approves a held question and moves focus to the next card", async () => {
    const { calls } = await queue([first, second], { [`POST ${base}/questions/q1/approve`]: reply({ ...first, status: "published" }) });
    fireEvent.click(within(card(first.body)).getByRole("button", { name: "Approve" }));
    await waitFor(() => expect(document.activeElement).toBe(card(second.body)));
    expect(calls.at(-1)).toMatchObject({ method: "POST", path: `${base}/questions/q1/approve` });
    expect(screen.getByRole("button", { name: "Published 1" })).toBeTruthy();
  });

  it("edits a question in its card, keeping focus on Edit afterwards", async () => {
    const { calls } = await queue([first], { [`PUT ${base}/questions/q1`]: ({ body }) => reply({ ...first, ...(body as object), edited: true })() });
    fireEvent.click(within(card(first.body)).getByRole("button", { name: "Edit" }));
    const field = screen.getByLabelText("Question") as HTMLTextAreaElement;
    expect(document.activeElement).toBe(field);
    fireEvent.input(field, { target: { value: "How can councils share data safely?" } });
    fireEvent.click(screen.getByRole("button", { name: "Save question" }));
    const edited = await screen.findByRole("article", { name: "How can councils share data safely?" });
    expect(edited.textContent).toContain("Edited — original: “How do councils share data safely?”");
    expect(calls.at(-1)).toMatchObject({ method: "PUT", body: { body: "How can councils share data safely?" } });
    await waitFor(() => expect(document.activeElement?.textContent).toBe("Edit"));
  });

  it("merges into a question chosen in the select, after asking", async () => {
    const grown = { ...second, votes: 4, askers: [...second.askers, first.asker] };
    const { calls } = await queue([first, second, question({ id: "q5", body: "Another one?" })],
      { [`POST ${base}/questions/q1/merge`]: reply(grown) });
    fireEvent.click(within(card(first.body)).getByRole("button", { name: "Merge into…" }));
    fireEvent.change(screen.getByLabelText("Merge into"), { target: { value: "q2" } });
    fireEvent.click(screen.getByRole("button", { name: "Merge" }));
    const dialog = await screen.findByRole("dialog", { name: "Merge these questions?" });
    await within(dialog).findByText(/joins “What did the pilot cost\?”/);
    fireEvent.click(within(dialog).getByRole("button", { name: "Yes, merge them" }));
    await waitFor(() => expect(screen.queryByRole("article", { name: first.body })).toBeNull());
    expect(calls.at(-1)).toMatchObject({ method: "POST", path: `${base}/questions/q1/merge`, body: { into: "q2" } });
    expect(card(second.body).textContent).toContain("4 votes");
  });

  it("answers a published question, live", async () => {
    const { calls } = await queue([live], { [`POST ${base}/questions/q3/answer`]: reply({ ...live, status: "answered", answer: "The council.", answered_live: true }) });
    fireEvent.click(screen.getByRole("button", { name: "Published 1" }));
    fireEvent.click(within(card(live.body)).getByRole("button", { name: "Answer" }));
    fireEvent.input(screen.getByLabelText("Answer"), { target: { value: "The council." } });
    fireEvent.click(screen.getByLabelText("Answered live"));
    fireEvent.click(screen.getByRole("button", { name: "Save answer" }));
    await waitFor(() => expect(document.activeElement?.textContent).toBe("Published questions"));
    expect(calls.at(-1)).toMatchObject({ method: "POST", body: { answer: "The council.", live: true } });
    expect(screen.getByRole("button", { name: "Answered 1" })).toBeTruthy();
  });

  it("dismisses with a reason, only once confirmed", async () => {
    const { calls } = await queue([first, second], { [`POST ${base}/questions/q2/dismiss`]: reply({ ...second, status: "dismissed", dismiss_reason: "Asked twice" }) });
    fireEvent.click(within(card(second.body)).getByRole("button", { name: "Dismiss" }));
    fireEvent.input(screen.getByLabelText("Reason for dismissing"), { target: { value: "Asked twice" } });
    fireEvent.click(screen.getByRole("button", { name: "Dismiss question" }));
    const dialog = await screen.findByRole("dialog", { name: "Dismiss this question?" });
    await within(dialog).findByText(/with the reason “Asked twice”/);
    expect(calls.some((c) => c.path.endsWith("/dismiss"))).toBe(false);
    fireEvent.click(within(dialog).getByRole("button", { name: "Yes, dismiss it" }));
    // The last card went: focus falls back to the one before it.
    await waitFor(() => expect(document.activeElement).toBe(card(first.body)));
    expect(calls.at(-1)).toMatchObject({ method: "POST", body: { reason: "Asked twice" } });
  });

  it("puts a question on stage and takes it off", async () => {
    const { calls } = await queue([live], {
      [`PUT ${base}/stage`]: ({ body }) => ({ status: 200, body }),
    });
    fireEvent.click(screen.getByRole("button", { name: "Published 1" }));
    fireEvent.click(screen.getByRole("button", { name: "Put on stage" }));
    await screen.findByText("On stage");
    expect(calls.at(-1)).toMatchObject({ method: "PUT", path: `${base}/stage`, body: { question_id: "q3" } });
    fireEvent.click(screen.getByRole("button", { name: "Take off stage" }));
    await waitFor(() => expect(screen.queryByText("On stage")).toBeNull());
    expect(calls.at(-1)).toMatchObject({ body: { question_id: null } });
  });

  it("blocks the asker after asking, and shows the server's refusal", async () => {
    const { calls } = await queue([first, question({ id: "q6", body: "And again?" })], {
      [`PUT ${base}/blocks/r1`]: { status: 204 },
      [`POST ${base}/questions/q1/approve`]: problem(409, "This question was dismissed by another moderator."),
    });
    fireEvent.click(within(card(first.body)).getByRole("button", { name: "Block asker" }));
    const dialog = await screen.findByRole("dialog", { name: "Block Grace Hopper from asking?" });
    fireEvent.click(within(dialog).getByRole("button", { name: "Yes, block them" }));
    await waitFor(() => expect(screen.getAllByText("Asker blocked")).toHaveLength(2));
    expect(calls.at(-1)).toMatchObject({ method: "PUT", path: `${base}/blocks/r1` });
    await waitFor(() => expect(document.activeElement).toBe(within(card(first.body)).getByRole("button", { name: "Unblock asker" })));
    fireEvent.click(within(card(first.body)).getByRole("button", { name: "Approve" }));
    expect((await within(card(first.body)).findByRole("alert")).textContent).toBe("This question was dismissed by another moderator.");
  });
});
