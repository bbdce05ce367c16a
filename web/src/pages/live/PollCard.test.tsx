import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { ApiError } from "../../api/client";
import { PollCard, share } from "./PollCard";
import { poll } from "./fixtures";

afterEach(cleanup);

describe("PollCard", () => {
  it("votes with the one chosen answer of a single-choice poll", async () => {
    const vote = vi.fn(async () => poll("p1", { my_choices: ["p1-b"] }));
    render(<PollCard poll={poll("p1")} vote={vote} />);
    expect(screen.getByRole("group", { name: "Choose one answer" })).toBeTruthy();
    fireEvent.click(screen.getByRole("radio", { name: "No" }));
    fireEvent.click(screen.getByRole("button", { name: "Vote: Does your organisation pool budgets?" }));
    await waitFor(() => expect(vote).toHaveBeenCalledWith(["p1-b"]));
  });

  it("offers boxes for a multiple-choice poll and asks for an answer before sending", () => {
    const vote = vi.fn();
    render(<PollCard poll={poll("p1", { multiple: true })} vote={vote} />);
    expect(screen.getAllByRole("checkbox")).toHaveLength(2);
    fireEvent.click(screen.getByRole("button", { name: /^Vote/ }));
    expect(screen.getByText("Choose at least one answer")).toBeTruthy();
    expect(vote).not.toHaveBeenCalled();
  });

  it("says so when the viewer already voted elsewhere", async () => {
    const vote = vi.fn(async () => { throw new ApiError({ type: "about:blank", title: "Conflict", status: 409, detail: "Already voted." }); });
    render(<PollCard poll={poll("p1")} vote={vote} />);
    fireEvent.click(screen.getByRole("radio", { name: "Yes" }));
    fireEvent.click(screen.getByRole("button", { name: /^Vote/ }));
    expect(await screen.findByText("You have already voted in this poll.")).toBeTruthy();
  });

  it("shows the results in words beside their bars once visible, and the viewer's own answer", () => {
    render(<PollCard vote={vi.fn()} poll={poll("p1", {
      status: "closed", results_visible: true, total: 3, my_choices: ["p1-a"],
      options: [{ id: "p1-a", label: "Yes", votes: 2 }, { id: "p1-b", label: "No", votes: 1 }],
    })} />);
    expect(screen.queryByRole("button", { name: /^Vote/ })).toBeNull();
    expect(screen.getByText("You voted: Yes.")).toBeTruthy();
    expect(screen.getByText("67% (2 votes)")).toBeTruthy();
    expect(screen.getByText("33% (1 vote)")).toBeTruthy();
    expect(screen.getByText("3 people voted.")).toBeTruthy();
  });

  it("after voting, says when results will show", () => {
    render(<PollCard vote={vi.fn()} poll={poll("p1", { my_choices: ["p1-a"] })} />);
    expect(screen.getByText("The results are shown when the poll closes.")).toBeTruthy();
  });
});

describe("share", () => {
  it("rounds, and is 0 without votes", () => {
    expect(share(1, 3)).toBe(33);
    expect(share(null, null)).toBe(0);
    expect(share(0, 0)).toBe(0);
  });
});
