import { currentUser } from "../../../lib/session";
import { CommentQueue } from "../comments/CommentQueue";
import { CommentSettingsForm } from "../comments/CommentSettingsForm";
import type { SectionProps } from ".";

/** The comments on the event's page: the moderation queue, then which comments wait for a moderator. */
export function Comments({ event }: SectionProps) {
  // Moderators moderate; organisers and admins also reply and choose the mode.
  const organiser = currentUser.value?.role !== "moderator";
  return (
    <>
      <section aria-labelledby="comments-title">
        <h2 id="comments-title">Comments</h2>
        <p>Commenters’ email addresses are shown here only: never on the event page.</p>
        {event.status === "draft" && <p class="notice">Nobody can comment while the event is a draft. Publish it from the overview to open comments.</p>}
        <CommentQueue eventID={event.id} zone={event.timezone} mayReply={organiser} />
      </section>
      <CommentSettingsForm eventID={event.id} canEdit={organiser} />
    </>
  );
}
