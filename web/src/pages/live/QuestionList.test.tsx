import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/preact";
import { QuestionList, displayOrder, fairExplanation } from "./QuestionList";
import { question } from "./fixtures";
import type { LiveQuestion } from "./liveTypes";

afterEach(cleanup);

function list(questions: LiveQuestion[], over: Partial<Parameters<typeof QuestionList>[0]> = {}) {
  const props = { questions, order: "votes" as const, onOrder: vi.fn(), onVote: vi.fn(async () => {}), onRetract: vi.fn(async () => {}), ...over };
  return { ...render(<QuestionList {...props} />), props };
}

describe("QuestionList", () => {
  it("shows each question's asker or Anonymous, its votes, its answer and the viewer's held one as awaiting moderation", () => {
    list([
      question("q1", { votes: 4, voted: true }),
      question("q2", { asker: null, votes: 1 }),
      question("q3", { status: "answered", answer: "Through pooled budgets.", votes: 0 }),
      question("q4", { status: "held", mine: true }),
    ]);
    const items = screen.getAllByRole("listitem");
    expect(items).toHaveLength(4);
    expect(within(items[0]).getByText("Grace Pollard, New Local")).toBeTruthy();
    expect(within(items[0]).getByText("4 votes")).toBeTruthy();
    expect(within(items[0]).getByRole("button", { name: "Upvote" }).getAttribute("aria-pressed")).toBe("true");
    expect(within(items[1]).getByText("Anonymous")).toBeTruthy();
    expect(within(items[1]).getByRole("button", { name: "Upvote" }).getAttribute("aria-pressed")).toBe("false");
    expect(within(items[2]).getByText("Through pooled budgets.")).toBeTruthy();
    expect(within(items[3]).getByText("Awaiting moderation")).toBeTruthy();
    expect(within(items[3]).queryByRole("button", { name: "Upvote" })).toBeNull();
    expect(within(items[3]).getByRole("button", { name: /^Retract\s*your question$/ })).toBeTruthy();
    // The button is described by the question it votes for.
    const up = within(items[0]).getByRole("button", { name: "Upvote" });
    expect(document.getElementById(up.getAttribute("aria-describedby")!)?.textContent).toBe("Question q1?");
  });

  it("toggles a vote with the question's id", async () => {
    const { props } = list([question("q1", { voted: true })]);
    fireEvent.click(screen.getByRole("button", { name: "Upvote" }));
    await waitFor(() => expect(props.onVote).toHaveBeenCalledWith("q1", false));
  });

  it("retracts only after the viewer confirms", async () => {
    const { props } = list([question("q1", { mine: true })]);
    fireEvent.click(screen.getByRole("button", { name: /^Retract\s*your question$/ }));
    const dialog = await screen.findByRole("dialog", { name: "Retract your question?" });
    expect(props.onRetract).not.toHaveBeenCalled();
    fireEvent.click(within(dialog).getByRole("button", { name: "Retract question" }));
    await waitFor(() => expect(props.onRetract).toHaveBeenCalledWith(expect.objectContaining({ id: "q1" })));
  });

  it("switches the order and explains fair in one sentence", () => {
    const { props } = list([question("q1")]);
    expect(screen.getByText(fairExplanation)).toBeTruthy();
    expect((screen.getByRole("radio", { name: "Most votes" }) as HTMLInputElement).checked).toBe(true);
    fireEvent.click(screen.getByRole("radio", { name: "Fair" }));
    expect(props.onOrder).toHaveBeenCalledWith("fair");
  });

  it("says so when nobody has asked yet", () => {
    list([]);
    expect(screen.getByText("No questions yet. Ask the first one.")).toBeTruthy();
  });
});

describe("displayOrder", () => {
  it("keeps the order the reader saw while they are in the list, with newcomers last", () => {
    expect(displayOrder(["b", "a", "c"], null)).toEqual(["b", "a", "c"]);
    expect(displayOrder(["b", "a", "d"], ["a", "b", "c"])).toEqual(["a", "b", "d"]);
  });
});
