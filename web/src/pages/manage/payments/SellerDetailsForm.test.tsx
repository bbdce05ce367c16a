import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/preact";
import { fakeApi, problem } from "../../../testing/fakeApi";
import { SellerDetailsForm } from "./SellerDetailsForm";
import { parsePercent, percentText, type Seller } from "./seller";

const url = "/api/v1/manage/seller";
const saved: Seller = {
  legal_name: "Plenary Events Ltd", address: "1 High Street\nLeeds\nLS1 1AA", vat_number: "GB123456789", vat_rate_bp: 1250,
  email: "accounts@example.org", payment_terms_days: 30, updated_at: "2031-01-01T09:00:00Z",
};
const { updated_at: _, ...savedInput } = saved;

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("the VAT rate as a percentage", () => {
  it.each([[2000, "20"], [1250, "12.5"], [1205, "12.05"], [0, "0"], [10000, "100"], [5, "0.05"]])("shows %i basis points as %s and reads it back", (bp, text) => {
    expect(percentText(bp)).toBe(text);
    expect(parsePercent(text)).toEqual({ value: bp });
  });

  it("reads what people type, and refuses the rest", () => {
    expect(parsePercent(" 12.50 % ").value).toBe(1250);
    expect(parsePercent("7.").value).toBe(700);
    expect(parsePercent("0.1").value).toBe(10);
    for (const wrong of ["", "12.345", "101", "-5", "twenty", "1e3", ".5"]) expect(parsePercent(wrong).error, wrong).toBeTruthy();
  });
});

describe("SellerDetailsForm", () => {
  it("shows the saved details and, saved unchanged, sends back exactly what was saved", async () => {
    const calls = fakeApi({
      [`GET ${url}`]: { status: 200, body: saved },
      [`PUT ${url}`]: ({ body }) => ({ status: 200, body: { ...(body as object), updated_at: "2031-01-02T09:00:00Z" } }),
    });
    render(<SellerDetailsForm canEdit />);
    const rate = (await screen.findByLabelText("VAT rate (%)")) as HTMLInputElement;
    expect(rate.value).toBe("12.5");
    expect((screen.getByLabelText("Postal address") as HTMLTextAreaElement).value).toBe("1 High Street\nLeeds\nLS1 1AA");
    fireEvent.click(screen.getByRole("button", { name: "Save seller details" }));
    await screen.findByText(/The seller details are saved/);
    const put = calls.find((c) => c.method === "PUT")!;
    expect(put.body).toEqual(savedInput);
    expect(put.headers["X-CSRF-Token"]).toBe("csrf-1");
  });

  it("sends a changed rate in basis points, converted as text", async () => {
    const calls = fakeApi({
      [`GET ${url}`]: { status: 200, body: { ...saved, vat_rate_bp: 2000 } },
      [`PUT ${url}`]: ({ body }) => ({ status: 200, body: { ...(body as object), updated_at: "2031-01-02T09:00:00Z" } }),
    });
    render(<SellerDetailsForm canEdit />);
    fireEvent.input(await screen.findByLabelText("VAT rate (%)"), { target: { value: "12.5" } });
    fireEvent.input(screen.getByLabelText("Payment terms (days)"), { target: { value: "14" } });
    fireEvent.click(screen.getByRole("button", { name: "Save seller details" }));
    await screen.findByText(/The seller details are saved/);
    expect(calls.find((c) => c.method === "PUT")?.body).toEqual({ ...savedInput, vat_rate_bp: 1250, payment_terms_days: 14 });
    expect((screen.getByLabelText("VAT rate (%)") as HTMLInputElement).value).toBe("12.5");
  });

  it("refuses a rate it cannot read without sending anything", async () => {
    const calls = fakeApi({ [`GET ${url}`]: { status: 200, body: saved } });
    render(<SellerDetailsForm canEdit />);
    fireEvent.input(await screen.findByLabelText("VAT rate (%)"), { target: { value: "12.345" } });
    fireEvent.click(screen.getByRole("button", { name: "Save seller details" }));
    const summary = await screen.findByRole("alert");
    expect(within(summary).getByRole("link", { name: /^VAT rate \(%\): Enter the VAT rate as a percentage/ }).getAttribute("href")).toBe("#seller_vat_rate_bp");
    expect(calls.some((c) => c.method === "PUT")).toBe(false);
  });

  it("shows the server's errors beside their fields and in the summary", async () => {
    fakeApi({
      [`GET ${url}`]: { status: 200, body: saved },
      [`PUT ${url}`]: problem(422, "Check the seller's details.", {
        vat_number: "Give the VAT number as 4 to 20 letters and digits, like GB123456789, or leave it empty.",
        address: "Give the seller's postal address in up to 500 characters and 8 lines.",
      }),
    });
    render(<SellerDetailsForm canEdit />);
    fireEvent.click(await screen.findByRole("button", { name: "Save seller details" }));
    const summary = await screen.findByRole("alert");
    const links = within(summary).getAllByRole("link");
    expect(links.map((a) => a.getAttribute("href"))).toEqual(["#seller_address", "#seller_vat_number"]); // in the form's order
    expect(links[1].textContent).toBe("VAT number (optional): Give the VAT number as 4 to 20 letters and digits, like GB123456789, or leave it empty.");
    const vat = screen.getByLabelText("VAT number (optional)");
    expect(vat.getAttribute("aria-describedby")).toContain("seller_vat_number-error");
    expect(document.getElementById("seller_vat_number-error")?.textContent).toContain("Give the VAT number as 4 to 20 letters");
    expect(screen.queryByText(/The seller details are saved/)).toBeNull();
  });

  it("shows a moderator the details to read, with no form", async () => {
    fakeApi({ [`GET ${url}`]: { status: 200, body: saved } });
    render(<SellerDetailsForm canEdit={false} />);
    await screen.findByText(/Only organisers change the seller details/);
    expect(screen.queryByRole("button", { name: "Save seller details" })).toBeNull();
    expect(screen.getByText("12.5%")).toBeTruthy();
    expect(screen.getByText("GB123456789")).toBeTruthy();
    await waitFor(() => expect(screen.queryByRole("textbox")).toBeNull());
  });
});
