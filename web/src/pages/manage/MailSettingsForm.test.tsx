import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, within } from "@testing-library/preact";
import type { EventDetail } from "../../api/client";
import { fakeApi, problem } from "../../testing/fakeApi";
import { MailSettingsForm } from "./MailSettingsForm";

const event = { id: "e1", title: "Prevention in practice", timezone: "Europe/London", status: "published" } as EventDetail;
const url = "/api/v1/manage/events/e1/mail-settings";
const defaults = { reminder_minutes: [60, 1440], follow_up: true, follow_up_wait_hours: 48 };

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

async function addReminder(amount: string, unit: string) {
  fireEvent.input(screen.getByLabelText("New reminder"), { target: { value: amount } });
  fireEvent.change(screen.getByLabelText("Minutes, hours or days"), { target: { value: unit } });
  fireEvent.click(screen.getByRole("button", { name: "Add reminder" }));
}

describe("MailSettingsForm", () => {
  it("shows reminders in words, adds and removes them, and saves with a message", async () => {
    const calls = fakeApi({
      [`GET ${url}`]: { status: 200, body: defaults },
      [`PUT ${url}`]: ({ body }) => ({ status: 200, body }),
    });
    render(<MailSettingsForm event={event} />);
    const list = await screen.findByRole("list");
    expect(within(list).getAllByRole("listitem").map((li) => li.firstChild?.textContent)).toEqual(["24 hours before", "1 hour before"]);
    expect((screen.getByLabelText("Send a follow-up after the event") as HTMLInputElement).checked).toBe(true);

    await addReminder("30", "minutes");
    fireEvent.click(screen.getByRole("button", { name: "Remove the reminder 1 hour before" }));
    expect(within(list).getAllByRole("listitem").map((li) => li.firstChild?.textContent)).toEqual(["24 hours before", "30 minutes before"]);
    fireEvent.click(screen.getByLabelText("Send a follow-up after the event"));
    fireEvent.input(screen.getByLabelText("Hours to wait for the recording"), { target: { value: "24" } });
    fireEvent.click(screen.getByRole("button", { name: "Save mail settings" }));

    expect((await screen.findByText("Mail settings saved.")).getAttribute("role")).toBe("status");
    const put = calls.find((c) => c.method === "PUT")!;
    expect(put.body).toEqual({ reminder_minutes: [1440, 30], follow_up: false, follow_up_wait_hours: 24 });
    expect(put.headers["X-CSRF-Token"]).toBe("csrf-1");
  });

  it("refuses a sixth reminder, a repeated one and one too close to the start", async () => {
    fakeApi({ [`GET ${url}`]: { status: 200, body: { ...defaults, reminder_minutes: [10080, 2880, 1440, 60] } } });
    render(<MailSettingsForm event={event} />);
    await screen.findByText("7 days before");
    await addReminder("2", "days");
    expect((await screen.findByRole("alert")).textContent).toContain("There is already a reminder 2 days before.");
    await addReminder("2", "minutes");
    expect(document.getElementById("reminder_minutes-error")?.textContent).toBe("Error: A reminder goes from 5 minutes to 30 days before the start.");
    await addReminder("15", "minutes");
    expect(screen.getByText("15 minutes before")).toBeTruthy();
    expect((screen.getByRole("button", { name: "Add reminder" }) as HTMLButtonElement).disabled).toBe(true);
  });

  it("shows the server's errors beside their fields and in the summary", async () => {
    fakeApi({
      [`GET ${url}`]: { status: 200, body: defaults },
      [`PUT ${url}`]: problem(422, "Check the settings.", {
        "reminder_minutes[1]": "Use 5 to 43200 minutes.", follow_up_wait_hours: "Use 0 to 720 hours.",
      }),
    });
    render(<MailSettingsForm event={event} />);
    fireEvent.click(await screen.findByRole("button", { name: "Save mail settings" }));
    const summary = await screen.findByRole("alert");
    expect(within(summary).getByRole("link", { name: "Reminders: Use 5 to 43200 minutes." }).getAttribute("href")).toBe("#reminder_minutes");
    expect(within(summary).getByRole("link", { name: "Hours to wait for the recording: Use 0 to 720 hours." })).toBeTruthy();
    const hours = screen.getByLabelText("Hours to wait for the recording");
    expect(hours.getAttribute("aria-describedby")).toContain("follow_up_wait_hours-error");
    expect(screen.queryByText("Mail settings saved.")).toBeNull();
  });
});
