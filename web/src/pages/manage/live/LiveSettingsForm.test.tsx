import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, within } from "@testing-library/preact";
import { fakeApi, problem } from "../../../testing/fakeApi";
import { LiveSettingsForm } from "./LiveSettingsForm";
import { base, eventID } from "./fixtures";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const saved = { join_lead_minutes: 20, attended_minutes: 15, moderation: "published" };

describe("LiveSettingsForm", () => {
  it("shows the saved settings and saves them unchanged as they are", async () => {
    const calls = fakeApi({ [`GET ${base}/settings`]: { status: 200, body: saved }, [`PUT ${base}/settings`]: ({ body }) => ({ status: 200, body }) });
    render(<LiveSettingsForm eventID={eventID} />);
    expect((await screen.findByLabelText("Minutes before the start the live page opens") as HTMLInputElement).value).toBe("20");
    expect((screen.getByLabelText("Minutes on the live page that count as attended") as HTMLInputElement).value).toBe("15");
    expect((screen.getByLabelText("Publish questions at once") as HTMLInputElement).checked).toBe(true);
    fireEvent.click(screen.getByRole("button", { name: "Save live settings" }));
    await screen.findByText("Live settings saved.");
    expect(calls.at(-1)).toMatchObject({ method: "PUT", body: saved });
  });

  it("saves a change, and shows the server's errors", async () => {
    const calls = fakeApi({
      [`GET ${base}/settings`]: { status: 200, body: saved },
      [`PUT ${base}/settings`]: ({ body }) => (body as { attended_minutes: unknown }).attended_minutes === 0
        ? problem(422, "Check the settings.", { attended_minutes: "Use 1 to 600 minutes." })
        : { status: 200, body },
    });
    render(<LiveSettingsForm eventID={eventID} />);
    fireEvent.click(await screen.findByLabelText("Hold each question until a moderator approves it"));
    fireEvent.click(screen.getByRole("button", { name: "Save live settings" }));
    await screen.findByText("Live settings saved.");
    expect(calls.at(-1)?.body).toEqual({ ...saved, moderation: "held" });
    fireEvent.input(screen.getByLabelText("Minutes on the live page that count as attended"), { target: { value: "0" } });
    fireEvent.click(screen.getByRole("button", { name: "Save live settings" }));
    const summary = await screen.findByRole("alert");
    expect(within(summary).getByRole("link", { name: "Minutes on the live page that count as attended: Use 1 to 600 minutes." })).toBeTruthy();
  });
});
