import { afterEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { useState } from "preact/hooks";
import { ListEditor } from "./ListEditor";

type Item = { id: string; name: string };
const start: Item[] = [{ id: "a", name: "Ada" }, { id: "b", name: "Grace" }, { id: "c", name: "Joan" }];

afterEach(cleanup);

/** A page that keeps the list and saves after a tick, as the API would. */
function Harness({ onRemove }: { onRemove?: (i: Item) => void }) {
  const [items, setItems] = useState(start);
  return (
    <ListEditor label="People" items={items} keyOf={(i) => i.id} nameOf={(i) => i.name} empty={<p>Nobody yet.</p>}
      onMove={async (from, to) => {
        await new Promise((r) => setTimeout(r, 5));
        const list = [...items];
        const [moved] = list.splice(from, 1);
        list.splice(to, 0, moved);
        setItems(list);
      }}
      edit={(item, close) => (
        <form onSubmit={(e) => {
          e.preventDefault();
          const name = (e.currentTarget.elements.namedItem("name") as HTMLInputElement).value;
          setItems(items.map((i) => i === item ? { ...i, name } : i));
          close();
        }}>
          <label for="name">Name</label><input id="name" name="name" defaultValue={item.name} />
          <button type="submit">Save</button>
        </form>
      )}
      remove={{
        title: (i) => `Remove ${i.name}?`, consequence: () => "They come off the list.", keepLabel: "Keep them",
        onRemove: (i) => { onRemove?.(i); setItems(items.filter((x) => x !== i)); },
      }}>
      {(i) => <span>{i.name}</span>}
    </ListEditor>
  );
}

const names = () => [...document.querySelectorAll(".list-editor__summary")].map((e) => e.textContent);

describe("ListEditor", () => {
  it("moves an item, keeps focus on the button pressed and says where it went", async () => {
    render(<Harness />);
    const down = screen.getByRole("button", { name: "Move down Ada" });
    down.focus();
    fireEvent.click(down);
    await waitFor(() => expect(names()).toEqual(["Grace", "Ada", "Joan"]));
    await waitFor(() => expect(document.activeElement?.textContent).toBe("Move down Ada"));
    expect(screen.getByRole("status").textContent).toBe("Ada moved to position 2 of 3.");

    fireEvent.click(screen.getByRole("button", { name: "Move up Joan" }));
    await waitFor(() => expect(names()).toEqual(["Grace", "Joan", "Ada"]));
    await waitFor(() => expect(document.activeElement?.textContent).toBe("Move up Joan"));
    expect(screen.getByRole("status").textContent).toBe("Joan moved to position 2 of 3.");
  });

  it("says an item at the edge cannot go further, and keeps its button focusable", async () => {
    render(<Harness />);
    const up = screen.getByRole("button", { name: "Move up Ada" });
    expect(up.getAttribute("aria-disabled")).toBe("true");
    expect(up.hasAttribute("disabled")).toBe(false);
    fireEvent.click(up);
    expect(screen.getByRole("status").textContent).toBe("Ada is already first.");
    fireEvent.click(screen.getByRole("button", { name: "Move down Joan" }));
    expect(screen.getByRole("status").textContent).toBe("Joan is already last.");
    expect(names()).toEqual(["Ada", "Grace", "Joan"]);
  });

  it("asks before removing, and removes nothing when kept", async () => {
    const removed: string[] = [];
    render(<Harness onRemove={(i) => removed.push(i.name)} />);
    fireEvent.click(screen.getByRole("button", { name: "Remove Grace" }));
    await screen.findByText("They come off the list.");
    fireEvent.click(screen.getByRole("button", { name: "Keep them" }));
    expect(removed).toEqual([]);
    fireEvent.click(screen.getByRole("button", { name: "Remove Grace" }));
    await screen.findByText("They come off the list.");
    await waitFor(() => expect((screen.getByRole("button", { name: "Yes, remove it" }) as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(screen.getByRole("button", { name: "Yes, remove it" }));
    await waitFor(() => expect(names()).toEqual(["Ada", "Joan"]));
    expect(removed).toEqual(["Grace"]);
    await waitFor(() => expect(screen.getByRole("status").textContent).toBe("Grace removed."));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole("group", { name: "People" })));
  });

  it("edits in place: the form opens in the row with focus, and Edit gets it back", async () => {
    render(<Harness />);
    fireEvent.click(screen.getByRole("button", { name: "Edit Grace" }));
    const field = screen.getByLabelText("Name") as HTMLInputElement;
    await waitFor(() => expect(document.activeElement).toBe(field));
    expect(field.value).toBe("Grace");
    fireEvent.input(field, { target: { value: "Grace Hopper" } });
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(names()).toEqual(["Ada", "Grace Hopper", "Joan"]));
    await waitFor(() => expect(document.activeElement?.textContent).toBe("Edit Grace Hopper"));
  });

  it("shows the empty message for no items", () => {
    render(<ListEditor label="People" items={[]} keyOf={(i: Item) => i.id} nameOf={(i) => i.name} empty={<p>Nobody yet.</p>}>{(i) => i.name}</ListEditor>);
    expect(screen.getByText("Nobody yet.")).toBeTruthy();
    expect(screen.queryByRole("list")).toBeNull();
  });
});

describe("ListEditor when a save fails", () => {
  it("announces neither a move nor a removal that did not happen", async () => {
    const items = [{ id: "a", name: "Ada" }, { id: "b", name: "Grace" }];
    render(
      <ListEditor label="People" items={items} keyOf={(i) => i.id} nameOf={(i) => i.name} empty={<p>Nobody yet.</p>}
        onMove={async () => { /* the server refused: the list stays as it was */ }}
        remove={{ title: (i) => `Remove ${i.name}?`, consequence: () => "Gone.", keepLabel: "Keep", onRemove: async () => {} }}>
        {(i) => <span>{i.name}</span>}
      </ListEditor>,
    );
    const down = screen.getByRole("button", { name: "Move down Ada" });
    down.focus();
    fireEvent.click(down);
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole("button", { name: "Move down Ada" })));
    fireEvent.click(screen.getByRole("button", { name: "Remove Grace" }));
    await screen.findByText("Gone.");
    await waitFor(() => expect((screen.getByRole("button", { name: "Yes, remove it" }) as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(screen.getByRole("button", { name: "Yes, remove it" }));
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.getByRole("status").textContent).toBe("");
    expect(names()).toEqual(["Ada", "Grace"]);
  });
});
