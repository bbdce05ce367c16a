import type { PublicEvent } from "../api/client";
import "./SpeakerList.css";

const roleNames: Record<string, string> = { chair: "Chair", keynote: "Keynote", panellist: "Panellist", moderator: "Moderator" };

/** Speakers with photo, role, job and bio. */
export function SpeakerList({ speakers }: { speakers: PublicEvent["speakers"] }) {
  if (speakers.length === 0) return null;
  return (
    <section aria-labelledby="speakers-title">
      <h2 id="speakers-title">Speakers</h2>
      <ul class="speaker-list">
        {speakers.map((s) => (
          <li key={s.name} class="speaker">
            {s.photo_url && <img src={s.photo_url} alt="" width={96} height={96} loading="lazy" />}
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
