import { afterEach, describe, expect, it } from "vitest";
import { cleanup, render, screen } from "@testing-library/preact";
import { SummaryList } from "./SummaryList";

afterEach(cleanup);

describe("SummaryList", () => {
  it("pairs keys with values, and names each Change link after its row", () => {
    render(<SummaryList rows={[{ key: "Date", value: "5 June 2031", change: "/e/1/details" }, { key: "Status", value: "draft" }]} />);
    const terms = [...document.querySelectorAll("dt")].map((d) => [d.textContent, d.nextElementSibling?.textContent]);
    expect(terms).toEqual([["Date", "5 June 2031"], ["Status", "draft"]]);
    const links = screen.getAllByRole("link");
    expect(links.map((l) => [l.textContent, l.getAttribute("href")])).toEqual([["Change date", "/e/1/details"]]);
  });
});
