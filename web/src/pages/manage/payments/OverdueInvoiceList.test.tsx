import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, within } from "@testing-library/preact";
import { fakeApi } from "../../../testing/fakeApi";
import { OverdueInvoiceList } from "./OverdueInvoiceList";
import type { Document } from "./seller";

const listURL = "/api/v1/manage/invoices/overdue";

const invoice = (id: string, number: number, more: Partial<Document> = {}): Document => ({
  id, kind: "invoice", number, number_text: `INV-${String(number).padStart(6, "0")}`, registration_id: "r1", event_id: "e1",
  seller: { legal_name: "Plenary Ltd", address: "1 High Street", vat_number: "", email: "" },
  buyer: { name: "Ada Lovelace", email: "ada@example.org", organisation: "Analytical Engines", address: "1 Engine Row", purchase_order: "" },
  line: { description: "Supplier ticket", quantity: 1, unit_amount: 1200 }, currency: "GBP", gross: 1200, vat_rate_bp: 2000, vat: 200, net: 1000,
  credits: null, credits_number: null, due_at: "2031-01-31T10:05:00Z", paid_at: null, issued_at: "2031-01-01T10:05:00Z", ...more,
});
const first = invoice("i1", 1);
const second = invoice("i2", 2, { gross: 4500, currency: "EUR", buyer: { ...first.buyer, name: "Grace Hopper", organisation: "Navy" } });
const third = invoice("i3", 3, { event_id: "e2" });

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe("OverdueInvoiceList", () => {
  it("lists overdue invoices with buyer, amount and due date, and loads more", async () => {
    const calls = fakeApi({
      [`GET ${listURL}`]: (c) => (c.query.get("cursor") === "next-1"
        ? { status: 200, body: { items: [third], next_cursor: null } }
        : { status: 200, body: { items: [first, second], next_cursor: "next-1" } }),
    });
    render(<OverdueInvoiceList />);
    const table = await screen.findByRole("table", { name: "Overdue invoices across all events, the longest overdue first" });
    const rows = within(table).getAllByRole("row").slice(1) as HTMLTableRowElement[];
    expect(rows.map((r) => r.cells[0].textContent)).toEqual(["INV-000001", "INV-000002"]);
    expect(rows[0].cells[1].textContent).toContain("Analytical Engines");
    expect(rows[1].cells[1].textContent).toContain("Grace Hopper");
    expect(rows[0].cells[2].textContent).toBe("£12.00");
    expect(rows[1].cells[2].textContent).toBe("€45.00");
    expect(rows[0].cells[3].querySelector("time")?.getAttribute("datetime")).toBe("2031-01-31T10:05:00Z");
    expect(rows[0].cells[3].textContent).toContain("31 Jan 2031");

    fireEvent.click(screen.getByRole("button", { name: "Load more overdue invoices" }));
    await within(table).findByText("INV-000003", { selector: "td" });
    expect(screen.queryByRole("button", { name: "Load more overdue invoices" })).toBeNull();
    expect(calls.filter((c) => c.path === listURL).map((c) => c.query.get("cursor"))).toEqual([null, "next-1"]);
  });

  it("asks before marking an invoice paid, then posts, reads the list again and tells the page", async () => {
    let paid = false;
    const onMarkedPaid = vi.fn();
    const calls = fakeApi({
      [`GET ${listURL}`]: () => ({ status: 200, body: { items: paid ? [second] : [first, second], next_cursor: null } }),
      "POST /api/v1/manage/documents/i1/paid": () => {
        paid = true;
        return { status: 200, body: { ...first, paid_at: "2031-02-10T12:00:00Z" } };
      },
    });
    render(<OverdueInvoiceList onMarkedPaid={onMarkedPaid} />);
    fireEvent.click(await screen.findByRole("button", { name: "Mark paid INV-000001" }));
    const dialog = await screen.findByRole("dialog", { name: "Mark INV-000001 paid?" });
    expect(calls.some((c) => c.method === "POST")).toBe(false);
    fireEvent.click(within(dialog).getByRole("button", { name: "Yes, Ada Lovelace paid £12.00" }));
    await screen.findByText("INV-000001 is marked paid.");
    await vi.waitFor(() => expect(screen.queryByText("INV-000001", { selector: "td" })).toBeNull());
    expect(calls.filter((c) => c.method === "POST").map((c) => c.path)).toEqual(["/api/v1/manage/documents/i1/paid"]);
    expect(onMarkedPaid).toHaveBeenCalledWith(first);
  });

  it("says when no invoice is overdue", async () => {
    fakeApi({ [`GET ${listURL}`]: { status: 200, body: { items: [], next_cursor: null } } });
    render(<OverdueInvoiceList />);
    await screen.findByText("No invoice is overdue: every invoice issued is paid or not yet due.");
    expect(screen.queryByRole("table")).toBeNull();
  });
});
