import { useEffect, useState } from "preact/hooks";
import { api, type Schemas } from "../../../api/client";

type Snippet = Schemas["Writeup"]["embed_snippets"][number];
type Props = { eventID: string; published: boolean; origins: readonly string[]; segmentsHref?: string; version: string };

/**
 * The iframes to paste into another site, as the server writes them: the
 * whole recording, then each segment; each with a button that copies it.
 */
export function EmbedSnippets({ eventID, published, origins, segmentsHref, version }: Props) {
  const [snippets, setSnippets] = useState<Snippet[] | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    api.get<Schemas["Writeup"]>(`/api/v1/manage/events/${eventID}/writeup`)
      .then((w) => { setSnippets(w.embed_snippets); setFailed(false); }, () => setFailed(true));
  }, [eventID, version]);

  return (
    <section class="recording-embeds" aria-labelledby="embeds-title">
      <h3 id="embeds-title">Embed on another site</h3>
      <p>
        {published ? "These frames play the recording on another site" : "These frames play the recording once it is published, on another site"}
        {origins.length > 0 ? ` listed under “Sites that may embed the recording”: ${origins.join(", ")}.` : ". No site may show them yet: list the sites under “Sites that may embed the recording” above."}
      </p>
      {failed && <p>The embed codes could not be loaded; reload the page to see them.</p>}
      {!snippets && !failed && <p aria-live="polite">Loading the embed codes…</p>}
      {snippets && (
        <ul class="recording-embeds__list">
          {snippets.map((s) => <li key={s.url}><EmbedCode snippet={s} /></li>)}
        </ul>
      )}
      {snippets && snippets.length === 1 && segmentsHref && (
        <p>Each segment gets its own frame too: cut the recording into segments in the <a href={segmentsHref}>Segments</a> section.</p>
      )}
    </section>
  );
}

/** One iframe's code, read-only, with a button that copies it; where the browser will not copy, it says so. */
function EmbedCode({ snippet }: { snippet: Snippet }) {
  const [said, say] = useState("");
  const name = snippet.segment === "" ? "The whole recording" : `Segment: ${snippet.title}`;
  const id = `embed-${snippet.segment || "recording"}`;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(snippet.html);
      say("Code copied.");
    } catch {
      say("This browser would not copy it: select the code and copy it yourself.");
    }
  };
  return (
    <div class="embed-code">
      <label for={id}>{name}</label>
      <textarea id={id} readOnly rows={3} class="embed-code__html" value={snippet.html} />
      <div class="actions">
        <button type="button" class="secondary" onClick={copy}>Copy code<span class="visually-hidden">{snippet.segment === "" ? " for the whole recording" : ` for “${snippet.title}”`}</span></button>
        <span role="status">{said}</span>
      </div>
    </div>
  );
}
