import { afterEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/preact";
import { SideNavigation } from "./SideNavigation";

afterEach(cleanup);

const items = [{ href: "/e/1", text: "Overview" }, { href: "/e/1/agenda", text: "Agenda" }];

describe("SideNavigation", () => {
  it("marks the page shown, and only it", () => {
    render(<SideNavigation label="Event sections" items={items} current="/e/1/agenda" />);
    const nav = screen.getByRole("navigation", { name: "Event sections" });
    expect(nav).toBeTruthy();
    expect(screen.getByRole("link", { name: "Agenda" }).getAttribute("aria-current")).toBe("page");
    expect(screen.getByRole("link", { name: "Overview" }).hasAttribute("aria-current")).toBe(false);
  });

  it("folds into a button naming the page shown, which Escape closes again", () => {
    render(<SideNavigation label="Event sections" items={items} current="/e/1/agenda" />);
    const toggle = screen.getByRole("button", { name: "Event sections: Agenda" });
    expect(toggle.getAttribute("aria-expanded")).toBe("false");
    fireEvent.click(toggle);
    expect(toggle.getAttribute("aria-expanded")).toBe("true");
    screen.getByRole("link", { name: "Overview" }).focus();
    fireEvent.keyDown(screen.getByRole("link", { name: "Overview" }), { key: "Escape" });
    expect(toggle.getAttribute("aria-expanded")).toBe("false");
    expect(document.activeElement).toBe(toggle);
  });

  it("folds again when another page is shown", () => {
    const { rerender } = render(<SideNavigation label="Event sections" items={items} current="/e/1" />);
    fireEvent.click(screen.getByRole("button", { name: "Event sections: Overview" }));
    rerender(<SideNavigation label="Event sections" items={items} current="/e/1/agenda" />);
    expect(screen.getByRole("button", { name: "Event sections: Agenda" }).getAttribute("aria-expanded")).toBe("false");
  });
});
