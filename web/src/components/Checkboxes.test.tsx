import { afterEach, describe, expect, it } from "vitest";
import { cleanup, render, screen } from "@testing-library/preact";
import { Checkboxes } from "./Checkboxes";
import { Radios } from "./Radios";

afterEach(cleanup);

describe("Checkboxes", () => {
  it("groups the boxes under their question and ticks the saved values", () => {
    render(<form><Checkboxes name="speaker_ids" idPrefix="speakers" legend="Speakers" hint="Who speaks in this item."
      items={[{ value: "p1", label: "Ada" }, { value: "p2", label: "Grace" }]} checked={["p2"]} /></form>);
    const group = screen.getByRole("group", { name: "Speakers" });
    expect(group.getAttribute("aria-describedby")).toBe("speakers-hint");
    expect((screen.getByLabelText("Ada") as HTMLInputElement).checked).toBe(false);
    expect((screen.getByLabelText("Grace") as HTMLInputElement).checked).toBe(true);
    expect(new FormData(document.querySelector("form")!).getAll("speaker_ids")).toEqual(["p2"]);
  });

  it("without a question, a single box carries the hint and the error itself", () => {
    render(<Checkboxes name="follow_up" idPrefix="follow_up" hint="After the event." error="Choose."
      items={[{ value: "on", label: "Send a follow-up" }]} />);
    expect(screen.queryByRole("group")).toBeNull();
    expect(screen.getByLabelText("Send a follow-up").getAttribute("aria-describedby")).toBe("follow_up-hint follow_up-error");
  });
});

describe("Radios", () => {
  it("checks the saved answer, with each answer's hint tied to it", () => {
    render(<form><Radios name="approval" idPrefix="approval" legend="Who gets a place" value="manual"
      items={[{ value: "open", label: "Everyone" }, { value: "manual", label: "Nobody", hint: "You decide." }]} /></form>);
    expect(screen.getByRole("group", { name: "Who gets a place" })).toBeTruthy();
    expect((screen.getByRole("radio", { name: "Nobody" }) as HTMLInputElement).checked).toBe(true);
    expect(screen.getByRole("radio", { name: "Nobody" }).getAttribute("aria-describedby")).toBe("approval-manual-hint");
    expect(new FormData(document.querySelector("form")!).get("approval")).toBe("manual");
  });
});
