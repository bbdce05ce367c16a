import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, within } from "@testing-library/preact";
import type { EventDetail } from "../../../api/client";
import { fakeApi } from "../../../testing/fakeApi";
import { DocumentTable } from "./DocumentTable";
import type { Document } from "./seller";

const event = { id: "e1", slug: "paid", title: "Paid", timezone: "Europe/London", status: "published", starts_at: "2031-06-05T09:00:00Z" } as EventDetail;
const listURL = "/api/v1/manage/events/e1/documents";

const doc = (id: string, kind: Document["kind"], number: number, more: Partial<Document> = {}): Document => {
  const prefix = { receipt: "R", invoice: "INV", credit_note: "CN" }[kind];
  return {
    id, kind, number, number_text: `${prefix}-${String(number).padStart(6, "0")}`, registration_id: "r1", event_id: "e1",
    seller: { legal_name: "Plenary Ltd", address: "1 High Street", vat_number: "", email: "" },
    buyer: { name: "Ada Lovelace", email: "ada@example.org", organisation: "Analytical Engines", address: "", purchase_order: "" },
    line: { description: "Supplier ticket", quantity: 1, unit_amount: 1200 }, currency: "GBP", gross: 1200, vat_rate_bp: 2000, vat: 200, net: 1000,
    credits: null, credits_number: null, due_at: null, paid_at: null, issued_at: "2031-01-01T10:05:00Z", ...more,
  };
};
const invoice = doc("d2", "invoice", 1, { due_at: "2031-01-31T10:05:00Z" });
const receipt = doc("d1", "receipt", 1);
const older = doc("d0", "credit_note", 1, { credits: "d9", credits_number: "R-000009", gross: 500 });

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe("DocumentTable", () => {
  it("lists the documents with their amounts, loads more, and downloads a PDF named by its number", async () => {
    const calls = fakeApi({
      [`GET ${listURL}`]: (c) => (c.query.get("cursor") === "next-1"
        ? { status: 200, body: { items: [older], next_cursor: null } }
        : { status: 200, body: { items: [invoice, receipt], next_cursor: "next-1" } }),
      "GET /api/v1/manage/documents/d1/pdf": { status: 200, body: new Blob(["%PDF-1.7"], { type: "application/pdf" }) },
    });
    vi.stubGlobal("URL", class extends URL {
      static createObjectURL = vi.fn(() => "blob:receipt");
      static revokeObjectURL = vi.fn();
    });
    const names: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) { names.push(this.download); });
    render(<DocumentTable event={event} />);
    const table = await screen.findByRole("table", { name: "Receipts, invoices and credit notes, newest first" });
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows.map((r) => (r as HTMLTableRowElement).cells[0].textContent)).toEqual(["INV-000001", "R-000001"]);
    expect(rows[0].textContent).toContain("Invoice");
    expect(rows[0].textContent).toContain("£12.00");
    expect(rows[0].textContent).toContain("unpaid");
    expect(rows[1].textContent).toContain("Not an invoice");
    expect(within(rows[1]).queryByRole("button", { name: /Mark paid/ })).toBeNull();

    fireEvent.click(screen.getByRole("button", { name: "Load more documents" }));
    await within(table).findByText("CN-000001");
    expect(within(table).getByText("credits R-000009")).toBeTruthy();
    expect(within(table).getByText("£5.00")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Load more documents" })).toBeNull();
    expect(calls.filter((c) => c.path === listURL).map((c) => c.query.get("cursor"))).toEqual([null, "next-1"]);

    fireEvent.click(screen.getByRole("button", { name: "Download PDF of R-000001" }));
    await vi.waitFor(() => expect(names).toEqual(["R-000001.pdf"]));
    expect(calls.find((c) => c.path === "/api/v1/manage/documents/d1/pdf")?.method).toBe("GET");
  });

  it("asks before marking an invoice paid, then posts and refreshes", async () => {
    let paid = false;
    const calls = fakeApi({
      [`GET ${listURL}`]: () => ({ status: 200, body: { items: [paid ? { ...invoice, paid_at: "2031-01-10T12:00:00Z" } : invoice, receipt], next_cursor: null } }),
      "POST /api/v1/manage/documents/d2/paid": () => {
        paid = true;
        return { status: 200, body: { ...invoice, paid_at: "2031-01-10T12:00:00Z" } };
      },
    });
    render(<DocumentTable event={event} />);
    fireEvent.click(await screen.findByRole("button", { name: "Mark paid INV-000001" }));
    const dialog = await screen.findByRole("dialog", { name: "Mark INV-000001 paid?" });
    expect(dialog.textContent).toContain("£12.00 from Analytical Engines");
    expect(calls.some((c) => c.method === "POST")).toBe(false); // asked first: nothing sent yet

    fireEvent.click(within(dialog).getByRole("button", { name: "Keep it unpaid" }));
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(calls.some((c) => c.method === "POST")).toBe(false);

    fireEvent.click(screen.getByRole("button", { name: "Mark paid INV-000001" }));
    fireEvent.click(within(await screen.findByRole("dialog")).getByRole("button", { name: "Yes, Ada Lovelace paid £12.00" }));
    await screen.findByText("INV-000001 is marked paid.");
    await vi.waitFor(() => expect(screen.queryByRole("button", { name: /Mark paid/ })).toBeNull());
    const posts = calls.filter((c) => c.method === "POST");
    expect(posts.map((c) => c.path)).toEqual(["/api/v1/manage/documents/d2/paid"]);
    expect(posts[0].headers["X-CSRF-Token"]).toBe("csrf-1");
    expect(calls.filter((c) => c.path === listURL)).toHaveLength(2); // refreshed
    expect(screen.getByText("paid")).toBeTruthy();
  });

  it("says when nothing has been issued", async () => {
    fakeApi({ [`GET ${listURL}`]: { status: 200, body: { items: [], next_cursor: null } } });
    render(<DocumentTable event={event} />);
    await screen.findByText(/None issued yet/);
    expect(screen.queryByRole("table")).toBeNull();
  });
});
