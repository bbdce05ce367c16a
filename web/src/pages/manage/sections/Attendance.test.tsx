import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/preact";
import type { EventDetail } from "../../../api/client";
import { fakeApi, problem, type Call } from "../../../testing/fakeApi";
import { Attendance } from "./Attendance";
import type { SectionProps } from ".";

const event = { id: "e1", title: "Prevention in practice", timezone: "Europe/London", status: "published" } as EventDetail;
const base = "/api/v1/manage/events/e1/live/attendance";
const ada = {
  registration_id: "r1", name: "Ada Tester", organisation: "City Council", email: "ada@example.org", minutes: 42, source: "zoom",
  attended: true, first_seen_at: null, last_seen_at: null,
};
const bo = { ...ada, registration_id: "r2", name: "Bo Tester", organisation: "", email: "bo@example.org", minutes: 0, source: null, attended: false };
const list = (items: unknown[], attended: number) => ({ status: 200, body: { items, next_cursor: null, summary: { confirmed: 2, attended, present_now: 1 } } });
const props = { event, onChange: () => {}, onDeleted: () => {} } as SectionProps;

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const putBody = (calls: Call[], id: string) => calls.filter((c) => c.method === "PUT" && c.path === `${base}/${id}`).map((c) => c.body);

describe("Attendance", () => {
  it("shows the summary and the table; marks at once, and asks before unmarking", async () => {
    const calls = fakeApi({
      [`GET ${base}`]: list([ada, bo], 1),
      [`PUT ${base}/r2`]: { status: 200, body: { ...bo, attended: true, source: "hand" } },
      [`PUT ${base}/r1`]: { status: 200, body: { ...ada, attended: false, source: "hand" } },
    });
    render(<Attendance {...props} />);
    const table = await screen.findByRole("table", { name: "Attendance of confirmed registrants, in the order they registered" });
    expect(screen.getByText("Confirmed registrants").nextElementSibling?.textContent).toBe("2");
    expect(screen.getByText("On the live page now").nextElementSibling?.textContent).toBe("1");
    expect(within(table).getByText("Zoom report")).toBeTruthy();
    expect(within(table).getByText("No sign of them")).toBeTruthy();
    expect(within(table).getByText("42")).toBeTruthy();

    fireEvent.click(within(table).getByRole("button", { name: "Mark as attended Bo Tester" }));
    await waitFor(() => expect(screen.getByRole("status").textContent).toBe("Bo Tester is marked as attended."));
    expect(putBody(calls, "r2")).toEqual([{ attended: true }]);
    expect(screen.getByText("Attended", { selector: "dt" }).nextElementSibling?.textContent).toBe("2");

    fireEvent.click(within(table).getByRole("button", { name: "Mark as not attended Ada Tester" }));
    const dialog = await screen.findByRole("dialog", { name: "Mark Ada Tester as not attended?" });
    fireEvent.click(within(dialog).getByRole("button", { name: "Keep them as attended" }));
    expect(putBody(calls, "r1")).toEqual([]);
    fireEvent.click(within(table).getByRole("button", { name: "Mark as not attended Ada Tester" }));
    const again = await screen.findByRole("dialog");
    await waitFor(() => expect((within(again).getByRole("button", { name: "Yes, mark as not attended" }) as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(within(again).getByRole("button", { name: "Yes, mark as not attended" }));
    await waitFor(() => expect(putBody(calls, "r1")).toEqual([{ attended: false }]));
    await waitFor(() => expect(screen.getByRole("status").textContent).toBe("Ada Tester is marked as not attended."));
  });

  it("imports a report as it was saved, with the source chosen, and says whom it matched", async () => {
    let imported = false;
    const calls = fakeApi({
      [`GET ${base}`]: () => (imported ? list([ada, bo], 1) : list([{ ...ada, attended: false, source: null }, bo], 0)),
      [`POST ${base}/import`]: () => {
        imported = true;
        return { status: 200, body: { matched: 2, updated: 1, unmatched: [{ line: 9, name: "Cy Stranger", email: "cy@elsewhere.org" }, { line: 8, name: "Guest", email: "" }] } };
      },
    });
    render(<Attendance {...props} />);
    await screen.findByRole("table");
    fireEvent.click(screen.getByRole("button", { name: "Import report" }));
    expect(await screen.findByRole("link", { name: "Report file: Choose the report file to import." })).toBeTruthy();

    const file = new File(["Name,User Email,Duration (Minutes)\n"], "report.csv", { type: "text/csv" });
    fireEvent.change(screen.getByLabelText("Report file (CSV)"), { target: { files: [file] } });
    fireEvent.click(screen.getByLabelText("Microsoft Teams attendance report"));
    fireEvent.click(screen.getByRole("button", { name: "Import report" }));
    const banner = await screen.findByRole("alert");
    expect(banner.textContent).toContain("The report named 2 registrants; 1 registrant newly marked as attended.");
    expect(banner.textContent).toContain("Line 9: Cy Stranger (cy@elsewhere.org)");
    expect(banner.textContent).toContain("Line 8: Guest (no email in the report)");
    const post = calls.find((c) => c.method === "POST")!;
    expect([post.path, post.query.get("source"), post.headers["Content-Type"], post.headers["X-CSRF-Token"]])
      .toEqual([`${base}/import`, "teams", "text/csv", "csrf-1"]);
    await waitFor(() => expect(calls.filter((c) => c.method === "GET" && c.path === base)).toHaveLength(2));
  });

  it("lists a refused report's bad lines in the error summary, each linking to it", async () => {
    fakeApi({
      [`GET ${base}`]: list([ada], 1),
      [`POST ${base}/import`]: problem(422, "Some fields are not valid; see errors.", {
        "line 10": "The duration \"three\" is not a length of time.", "line 4": "This line is not readable as CSV.",
      }),
    });
    render(<Attendance {...props} />);
    await screen.findByRole("table");
    const file = new File(["x"], "report.csv", { type: "text/csv" });
    fireEvent.change(screen.getByLabelText("Report file (CSV)"), { target: { files: [file] } });
    fireEvent.click(screen.getByRole("button", { name: "Import report" }));
    const summary = await screen.findByRole("alert");
    expect(summary.textContent).toContain("Nothing was imported: fix these lines of the report and import it again.");
    const links = within(summary).getAllByRole("link").map((a) => [a.textContent, a.getAttribute("href")]);
    expect(links).toEqual([
      ["Line 4: This line is not readable as CSV.", "#report-line-4"],
      ["Line 10: The duration \"three\" is not a length of time.", "#report-line-10"],
    ]);
    expect(document.getElementById("report-line-10")?.textContent).toContain("Line 10");
    expect(screen.queryByText(/Report imported/)).toBeNull();
  });

  it("says a draft has no attendance", () => {
    fakeApi({});
    render(<Attendance {...props} event={{ ...event, status: "draft" }} />);
    expect(screen.getByText(/Nobody can attend a draft/)).toBeTruthy();
  });
});
