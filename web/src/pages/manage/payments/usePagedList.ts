import { useEffect, useRef, useState } from "preact/hooks";
import { api } from "../../../api/client";
import { useSubmit } from "../../../lib/forms";

type Paged = { items: unknown[]; next_cursor: string | null };

/**
 * A list of the Payments section read 50 at a time from path: read again
 * whenever deps change, with Load more, and an outcome line that takes
 * focus after an action on a row (whose button is gone once the list
 * reloads).
 */
export function usePagedList<L extends Paged>(path: string, deps: readonly unknown[]) {
  const [list, setList] = useState<L | null>(null);
  const [notice, setNotice] = useState("");
  const noticeLine = useRef<HTMLParagraphElement>(null);
  const { message, busy, submit } = useSubmit();
  const fetchPage = (cursor: string | null) =>
    api.get<L>(`${path}?${new URLSearchParams(cursor ? { limit: "50", cursor } : { limit: "50" })}`);

  useEffect(() => { submit(async () => setList(await fetchPage(null))); }, deps);
  const loadMore = () => submit(async () => {
    const next = await fetchPage(list?.next_cursor ?? null);
    setList((shown) => ({ ...next, items: [...(shown?.items ?? []), ...next.items] }));
  });
  /** Runs act, says the outcome it returns, reads the list again and moves focus to the outcome. */
  const actThenReload = (act: () => Promise<string>) => submit(async () => {
    setNotice("");
    const outcome = await act();
    setNotice(outcome);
    setList(await fetchPage(null));
    noticeLine.current?.focus();
  });
  return { list, notice, setNotice, noticeLine, message, busy, submit, loadMore, actThenReload };
}
