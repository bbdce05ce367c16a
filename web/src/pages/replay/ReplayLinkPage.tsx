import { useEffect, useState } from "preact/hooks";
import { useLocation, useRoute } from "preact-iso";
import { ApiError, withToken, type AttendeeView } from "../../api/client";
import { useTitle } from "../../components/useTitle";
import { LinkAgainForm } from "../../components/LinkAgainForm";
import { rememberViewer } from "./progress";

/**
 * A registrant's own replay link (/r/{token}/replay, from their
 * follow-up): it keeps their live-page token for this tab, so that what
 * they watch counts for them, and opens the event's public page in its
 * place, whose address they may share without giving their link away.
 */
export function ReplayLinkPage() {
  const { params } = useRoute();
  const { route } = useLocation();
  const [invalid, setInvalid] = useState("");
  useTitle("Opening the replay");

  useEffect(() => {
    withToken(params.token).get<AttendeeView>("/api/v1/registration").then((view) => {
      const live = new URL(view.live_url, location.origin).pathname.split("/").pop();
      if (live) rememberViewer(view.event.slug, decodeURIComponent(live));
      route(`/events/${encodeURIComponent(view.event.slug)}`, true);
    }).catch((e) => setInvalid(e instanceof ApiError ? e.message : "This page could not be loaded."));
  }, [params.token]);

  if (invalid) return <><h1>Watch the replay</h1><p role="alert">{invalid}</p><LinkAgainForm /></>;
  return <p aria-live="polite">Opening the replay…</p>;
}
