import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/preact";
import { useState } from "preact/hooks";
import { Select, type Choice } from "./Select";

const roles: Choice[] = [["chair", "Chair"], ["panellist", "Panellist"], ["moderator", "Moderator"]];
const select = () => screen.getByLabelText("Role") as HTMLSelectElement;

function Form({ value, onSubmit }: { value: string; onSubmit?: (v: string) => void }) {
  return (
    <form onSubmit={(e) => { e.preventDefault(); onSubmit?.(String(new FormData(e.currentTarget).get("role"))); }}>
      <label for="role">Role</label>
      <Select id="role" name="role" value={value} choices={roles} />
      <button type="submit">Save</button>
    </form>
  );
}

afterEach(cleanup);

describe("Select", () => {
  it("shows and submits the saved value, not the first option", () => {
    const saved = vi.fn();
    render(<Form value="moderator" onSubmit={saved} />);
    expect(select().value).toBe("moderator");
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(saved).toHaveBeenCalledWith("moderator");
  });

  it("keeps a saved value the choices lack", () => {
    render(<Form value="keynote" />);
    expect(select().value).toBe("keynote");
    expect([...select().options].map((o) => o.value)).toEqual(["keynote", "chair", "panellist", "moderator"]);
  });

  it("keeps the visitor's choice when the page is drawn again, and shows a newly saved value", () => {
    const { rerender } = render(<Form value="panellist" />);
    fireEvent.change(select(), { target: { value: "chair" } });
    rerender(<Form value="panellist" />);
    expect(select().value).toBe("chair");
    rerender(<Form value="moderator" />);
    expect(select().value).toBe("moderator");
  });

  it("returns to the saved value when its form is reset", () => {
    render(<Form value="panellist" />);
    fireEvent.change(select(), { target: { value: "chair" } });
    (select().form as HTMLFormElement).reset();
    expect(select().value).toBe("panellist");
  });

  it("follows the page's value when it has onChange", () => {
    function Controlled() {
      const [role, setRole] = useState("moderator");
      return (<><label for="role">Role</label>
        <Select id="role" value={role} choices={roles} onChange={(e) => setRole(e.currentTarget.value === "chair" ? "panellist" : e.currentTarget.value)} /></>);
    }
    render(<Controlled />);
    expect(select().value).toBe("moderator");
    fireEvent.change(select(), { target: { value: "chair" } });
    expect(select().value).toBe("panellist");
  });
});

// The guard for the class: a <select> written by hand can show one value
// and save another (defaultValue is silently ignored), so there is one.
describe("the SPA's selects", () => {
  it("are all the Select component", () => {
    const sources = import.meta.glob<string>(["../**/*.tsx", "!../**/*.test.tsx", "!./Select.tsx"], { query: "?raw", import: "default", eager: true });
    expect(Object.keys(sources).length).toBeGreaterThan(20);
    const offenders = Object.entries(sources).filter(([, text]) => /<select[\s>]/.test(text)).map(([file]) => file);
    expect(offenders, "use components/Select instead of <select>").toEqual([]);
  });
});
