import { describe, expect, it } from "vitest";
import { slugFromTitle, slugMax } from "./slug";

describe("slugFromTitle", () => {
  it.each([
    ["Prevention in practice", "prevention-in-practice"],
    ["Early intervention: how the public sector can work together", "early-intervention-how-the-public-sector-can-work-together"],
    ["  Café & Straße — Ørsted's 2031 plan!  ", "cafe-and-strasse-orsted-s-2031-plan"],
    ["NHS   data --- sharing", "nhs-data-sharing"],
    ["???", ""],
  ])("%s → %s", (title, slug) => {
    expect(slugFromTitle(title)).toBe(slug);
  });

  it("cuts a long title at a word boundary, within the server's limit", () => {
    const slug = slugFromTitle("word ".repeat(40));
    expect(slug.length).toBeLessThanOrEqual(slugMax);
    expect(slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(slugFromTitle("x".repeat(150))).toBe("x".repeat(slugMax));
  });
});

describe("slugFromTitle with a shorter limit", () => {
  it("cuts at a word boundary within it", () => {
    expect(slugFromTitle("Opening remarks from the chair", 20)).toBe("opening-remarks-from");
    expect(slugFromTitle("x".repeat(30), 20)).toBe("x".repeat(20));
  });
});
