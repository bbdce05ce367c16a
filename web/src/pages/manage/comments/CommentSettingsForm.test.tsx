import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/preact";
import { fakeApi } from "../../../testing/fakeApi";
import { CommentSettingsForm } from "./CommentSettingsForm";

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const url = "/api/v1/manage/events/e1/comments/settings";

describe("CommentSettingsForm", () => {
  it("opens on the saved mode, saves it unchanged, then a change", async () => {
    const calls = fakeApi({ [`GET ${url}`]: { status: 200, body: { moderation: "first" } }, [`PUT ${url}`]: ({ body }) => ({ status: 200, body }) });
    render(<CommentSettingsForm eventID="e1" />);
    expect((await screen.findByLabelText("A commenter’s first comment") as HTMLInputElement).checked).toBe(true);
    fireEvent.click(screen.getByRole("button", { name: "Save comment settings" }));
    await screen.findByText("Comment settings saved.");
    expect(calls.at(-1)).toMatchObject({ method: "PUT", body: { moderation: "first" } });
    fireEvent.click(screen.getByLabelText("None: publish comments at once"));
    fireEvent.click(screen.getByRole("button", { name: "Save comment settings" }));
    await vi.waitFor(() => expect(calls.at(-1)?.body).toEqual({ moderation: "none" }));
  });

  it("shows a moderator the mode without a way to change it", async () => {
    fakeApi({ [`GET ${url}`]: { status: 200, body: { moderation: "all" } } });
    render(<CommentSettingsForm eventID="e1" canEdit={false} />);
    expect((await screen.findByLabelText("Every comment") as HTMLInputElement).disabled).toBe(true);
    expect(screen.getByText("Only organisers can change this.")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Save comment settings" })).toBeNull();
  });
});
