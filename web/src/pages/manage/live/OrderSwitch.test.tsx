import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { fakeApi } from "../../../testing/fakeApi";
import { createConsole } from "./consoleState";
import { QuestionQueue } from "./QuestionQueue";
import { base, eventID, fakeEventSource, question, questionList } from "./fixtures";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("OrderSwitch", () => {
  it("asks the server for the order chosen and shows how the fair order works", async () => {
    fakeEventSource();
    const a = question({ id: "a", body: "First?", votes: 9, created_at: "2031-06-05T09:00:00Z" });
    const b = question({ id: "b", body: "Second?", votes: 1, created_at: "2031-06-05T09:03:00Z" });
    const calls = fakeApi({
      // The server's fair ranking puts b first, whatever its votes.
      [`GET ${base}/questions`]: ({ query }) => questionList(query.get("order") === "fair" ? [b, a] : [a, b], "Fair order explained in one sentence."),
      [`GET ${base}/polls`]: { status: 200, body: { items: [] } },
    });
    const con = createConsole(eventID);
    await con.start();
    render(<QuestionQueue con={con} />);
    const order = screen.getByRole("group", { name: "Order" });
    expect(order.getAttribute("aria-describedby")).toBe("order-switch-explanation");
    expect(screen.getByText("Fair order explained in one sentence.")).toBeTruthy();
    const titles = () => screen.getAllByRole("article").map((el) => el.querySelector("h3")?.textContent);
    expect(titles()).toEqual(["First?", "Second?"]);

    fireEvent.click(screen.getByRole("button", { name: "Newest" }));
    expect(titles()).toEqual(["Second?", "First?"]);
    fireEvent.click(screen.getByRole("button", { name: "Fair" }));
    await waitFor(() => expect(calls.at(-1)?.query.get("order")).toBe("fair"));
    expect(screen.getByRole("button", { name: "Fair" }).getAttribute("aria-pressed")).toBe("true");
    await waitFor(() => expect(titles()).toEqual(["Second?", "First?"]));
  });
});
