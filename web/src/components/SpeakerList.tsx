import type { PublicEvent } from "../api/client";
import { Avatar } from "./Avatar";
import "./SpeakerList.css";

const roleNames: Record<string, string> = { chair: "Chair", keynote: "Keynote", panellist: "Panellist", moderator: "Moderator" };

/** Speakers with a photo (or initials), role, job and bio. */
export function SpeakerList({ speakers }: { speakers: PublicEvent["speakers"] }) {
  if (speakers.length === 0) return null;
  return (
    <section aria-labelledby="speakers-title">
      <h2 id="speakers-title">Speakers</h2>
      <ul class="speaker-list">
        {speakers.map((s) => (
          <li key={s.name} class="speaker">
            <Avatar name={s.name} photoURL={s.photo_url} />
            <div>
              <h3>{s.name}</h3>
              <p class="muted">{roleNames[s.role] ?? s.role}{[s.job_title, s.organisation].filter(Boolean).length > 0 && ` · ${[s.job_title, s.organisation].filter(Boolean).join(", ")}`}</p>
              {s.bio && <p>{s.bio}</p>}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
