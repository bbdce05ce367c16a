import { afterEach, describe, expect, it } from "vitest";
import { cleanup, render, screen } from "@testing-library/preact";
import { QuestionCard, mergedAskers } from "./QuestionCard";
import { question } from "./fixtures";

afterEach(cleanup);

describe("QuestionCard", () => {
  it("shows a moderator who asked, even anonymously, with sector and email", () => {
    render(<QuestionCard q={question({ anonymous: true, votes: 1 })} />);
    const card = screen.getByRole("article", { name: "How do councils share data safely?" });
    expect(card.textContent).toContain("Asked anonymously");
    expect(card.textContent).toContain("Asked by Grace Hopper, Compiler Borough, Local government · grace@compiler.gov.uk");
    expect(card.textContent).toContain("1 vote");
  });

  it("shows the original of an edited question and the askers merged in", () => {
    const q = question({
      body: "How can councils share data?", edited: true, votes: 6,
      askers: [{ name: "Grace Hopper", organisation: "Compiler Borough" }, { name: "Joan Clarke", organisation: "Hut 8" }, { name: "Alan Turing", organisation: "" }],
    });
    render(<QuestionCard q={q} />);
    expect(screen.getByText("Edited — original: “How do councils share data safely?”")).toBeTruthy();
    expect(screen.getByText("Also asked by Joan Clarke (Hut 8); Alan Turing")).toBeTruthy();
    expect(mergedAskers(question())).toEqual([]);
  });

  it("shows an answer, how it was given, and the stage", () => {
    render(<QuestionCard q={question({ status: "answered", answer: "Through the data board.", answered_live: true, on_stage: true })} />);
    expect(screen.getByText("Answered live")).toBeTruthy();
    expect(screen.getByText("On stage")).toBeTruthy();
    expect(screen.getByText("Through the data board.")).toBeTruthy();
    expect(screen.queryByText(/Edited/)).toBeNull();
  });
});
