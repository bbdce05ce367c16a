import { describe, expect, it } from "vitest";
import { render, screen, within } from "@testing-library/preact";
import { Tag } from "./Tag";
import { NotificationBanner } from "./NotificationBanner";

describe("Tag", () => {
  it("says the status in words, the colour only as a class", () => {
    render(<Tag colour="green">Confirmed</Tag>);
    const tag = screen.getByText("Confirmed");
    expect(tag.className).toBe("kit-tag kit-tag--green");
  });
  it("is grey unless told otherwise", () => {
    render(<Tag>Draft</Tag>);
    expect(screen.getByText("Draft").className).toBe("kit-tag kit-tag--grey");
  });
});

describe("NotificationBanner", () => {
  it("is a region named by its title", () => {
    render(<NotificationBanner><p>No mail server is set up.</p></NotificationBanner>);
    const region = screen.getByRole("region", { name: "Important" });
    expect(region.textContent).toContain("No mail server is set up.");
    expect(screen.queryByRole("alert")).toBeNull();
  });
  it("announces and takes focus when it reports a success", () => {
    const container = render(<NotificationBanner type="success" title="Done"><p>The copy is ready.</p></NotificationBanner>).container as HTMLElement;
    const alert = within(container).getByRole("alert");
    expect(alert.textContent).toContain("Done");
    expect(document.activeElement).toBe(alert);
    expect(within(container).queryByRole("region")).toBeNull();
  });
});
