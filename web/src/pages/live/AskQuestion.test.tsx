import { afterEach, describe, expect, it, vi } from "vitest";
import { act, cleanup, fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { ApiError } from "../../api/client";
import { AskQuestion, charactersLeft, maxLength, similarDelayMs } from "./AskQuestion";
import { question } from "./fixtures";

afterEach(() => { cleanup(); vi.useRealTimers(); });

function form(over: Partial<Parameters<typeof AskQuestion>[0]> = {}) {
  const props = {
    moderation: "held" as const,
    ask: vi.fn(async (body: string) => question("new", { body, status: "held" as const, mine: true })),
    similar: vi.fn(async () => [{ id: "s1", body: "How can budgets be pooled?", votes: 3 }]),
    known: vi.fn(() => undefined),
    onVote: vi.fn(async () => {}),
    ...over,
  };
  render(<AskQuestion {...props} />);
  return props;
}

const type = (text: string) => fireEvent.input(screen.getByLabelText("Your question"), { target: { value: text } });

describe("charactersLeft", () => {
  it("counts down, then up past the limit", () => {
    expect(charactersLeft(0)).toBe(`You have ${maxLength} characters left`);
    expect(charactersLeft(maxLength - 1)).toBe("You have 1 character left");
    expect(charactersLeft(maxLength + 3)).toBe("You have 3 characters too many");
  });
});

describe("AskQuestion", () => {
  it("sends the question, anonymously when ticked, and says it awaits the moderators", async () => {
    const props = form();
    type("How do we pool budgets across councils?");
    fireEvent.click(screen.getByLabelText("Ask anonymously"));
    fireEvent.click(screen.getByRole("button", { name: "Send question" }));
    await waitFor(() => expect(props.ask).toHaveBeenCalledWith("How do we pool budgets across councils?", true));
    expect(await screen.findByText(/Your question was sent to the moderators/)).toBeTruthy();
    expect((screen.getByLabelText("Your question") as HTMLTextAreaElement).value).toBe("");
    expect((screen.getByLabelText("Ask anonymously") as HTMLInputElement).checked).toBe(false);
  });

  it("counts characters and refuses a question that is empty or too long", async () => {
    const props = form();
    type("x".repeat(maxLength + 2));
    expect(screen.getByText("You have 2 characters too many")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Send question" }));
    expect(screen.getByText(`Your question must be ${maxLength} characters or fewer`)).toBeTruthy();
    type("   ");
    fireEvent.click(screen.getByRole("button", { name: "Send question" }));
    expect(screen.getByText("Enter your question")).toBeTruthy();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText("Your question")));
    expect(screen.getByLabelText("Your question").getAttribute("aria-describedby")).toContain("question-body-error");
    expect(props.ask).not.toHaveBeenCalled();
  });

  it("shows the server's reason when it refuses", async () => {
    form({ ask: vi.fn(async () => { throw new ApiError({ type: "about:blank", title: "Too many", status: 429, detail: "You are asking too fast. Wait a minute." }); }) });
    type("How do we pool budgets across councils?");
    fireEvent.click(screen.getByRole("button", { name: "Send question" }));
    expect(await screen.findByText("You are asking too fast. Wait a minute.")).toBeTruthy();
  });

  it("suggests similar questions once typing pauses, to upvote instead", async () => {
    vi.useFakeTimers();
    const props = form();
    type("How can we");
    act(() => { vi.advanceTimersByTime(similarDelayMs / 2); });
    type("How can we pool budgets");
    act(() => { vi.advanceTimersByTime(similarDelayMs - 1); });
    expect(props.similar).not.toHaveBeenCalled();
    await act(async () => { vi.advanceTimersByTime(1); });
    expect(props.similar).toHaveBeenCalledTimes(1);
    expect(props.similar).toHaveBeenCalledWith("How can we pool budgets");
    vi.useRealTimers();
    const box = await screen.findByRole("region", { name: "Similar questions already asked — upvote instead?" });
    expect(box.textContent).toContain("How can budgets be pooled?");
    expect(box.textContent).toContain("3 votes");
    fireEvent.click(screen.getByRole("button", { name: "Upvote" }));
    await waitFor(() => expect(props.onVote).toHaveBeenCalledWith("s1", true));
  });
});
