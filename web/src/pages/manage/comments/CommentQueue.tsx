import { useEffect, useRef, useState } from "preact/hooks";
import { api, ApiError, getAll } from "../../../api/client";
import { ModCommentCard, type Action, type ModComment } from "./ModCommentCard";
import "./CommentQueue.css";

type Status = ModComment["status"];
type Lists = Record<Status, ModComment[]>;

const statuses: readonly Status[] = ["pending", "approved", "rejected"];
const headings: Record<Status, string> = { pending: "Waiting for a moderator", approved: "Published", rejected: "Rejected" };
const empty: Record<Status, string> = {
  pending: "No comments are waiting.", approved: "No comments are published yet.", rejected: "No comments are rejected.",
};

/** What an action did, said after it. */
export function actionOutcome(c: ModComment, action: Action): string {
  const whose = c.name ? `The comment by ${c.name}` : "The comment";
  if (action === "approve" && c.status === "approved") return `The web addresses in the comment${c.name ? ` by ${c.name}` : ""} are links on the event page now.`;
  if (action === "approve") return `${whose} is approved and on the event page.`;
  if (action === "reject") return `${whose} is rejected: it is not on the event page.`;
  return `${whose} is deleted. Its place in the thread stays, as “Comment deleted”.`;
}

type Props = { eventID: string; zone: string; mayReply: boolean };

/**
 * The moderators' view of an event's comments: those waiting first, then
 * the published and the rejected ones, each with what may be done to it.
 * After an action the lists are read again and the outcome takes focus.
 */
export function CommentQueue({ eventID, zone, mayReply }: Props) {
  const base = `/api/v1/manage/events/${eventID}/comments`;
  const [lists, setLists] = useState<Lists | null>(null);
  const [outcome, setOutcome] = useState<{ text: string; error: boolean; n: number } | null>(null);
  const [failed, setFailed] = useState(false);
  const said = useRef<HTMLParagraphElement>(null);

  const load = async () => {
    const all = await Promise.all(statuses.map((s) => getAll<ModComment>(`${base}?status=${s}`)));
    setLists({ pending: all[0], approved: all[1], rejected: all[2] });
  };
  useEffect(() => { load().catch(() => setFailed(true)); }, [base]);
  useEffect(() => { if (outcome) said.current?.focus(); }, [outcome?.n]);

  const tell = (text: string, error = false) => setOutcome((o) => ({ text, error, n: (o?.n ?? 0) + 1 }));
  const act = async (c: ModComment, action: Action) => {
    try {
      await api.post(`${base}/${c.id}/${action}`);
      await load();
      tell(actionOutcome(c, action));
    } catch (e) {
      tell(e instanceof ApiError ? e.message : "The server could not be reached. Try again.", true);
    }
  };
  const reply = async (c: ModComment, body: string) => {
    await api.post(`${base}/${c.id}/reply`, { body });
    await load().catch(() => undefined);
    tell(`Your reply to ${c.name} is published on the event page.`);
  };

  if (failed) return <p role="alert" class="field-error">The comments could not be loaded. Try again in a moment.</p>;
  if (!lists) return <p aria-live="polite">Loading the comments…</p>;
  const names = new Map(statuses.flatMap((s) => lists[s]).map((c) => [c.id, c.name || "a deleted comment"]));
  return (
    <div class="comment-queue">
      <p ref={said} tabIndex={-1} role={outcome?.error ? "alert" : "status"}
        class={outcome ? (outcome.error ? "field-error comment-queue__outcome" : "notice comment-queue__outcome") : "comment-queue__outcome"}>
        {outcome?.text}
      </p>
      {statuses.map((s) => (
        <section key={s} class="comment-queue__list" aria-labelledby={`comments-${s}-title`}>
          <h3 id={`comments-${s}-title`}>{headings[s]} ({lists[s].length})</h3>
          {lists[s].length === 0
            ? <p>{empty[s]}</p>
            : (
              <ul class="comment-queue__items">
                {lists[s].map((c) => (
                  <li key={c.id}>
                    <ModCommentCard c={c} zone={zone} mayReply={mayReply} act={act} reply={reply}
                      parentName={c.parent_id ? names.get(c.parent_id) : undefined} />
                  </li>
                ))}
              </ul>
            )}
        </section>
      ))}
    </div>
  );
}
