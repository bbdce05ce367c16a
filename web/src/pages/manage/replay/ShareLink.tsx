import { useState } from "preact/hooks";

type Props = { url: string; title: string };

/** A segment's share address, with a button that copies it; where the browser will not copy, it says so. */
export function ShareLink({ url, title }: Props) {
  const [said, say] = useState("");
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      say("Link copied.");
    } catch {
      say("This browser would not copy it: select the address and copy it yourself.");
    }
  };
  return (
    <p class="share-link">
      <span class="share-link__label">Share: </span>
      <a href={url} class="share-link__url">{url}</a>{" "}
      <button type="button" class="secondary" onClick={copy}>Copy link{" "}<span class="visually-hidden">to “{title}”</span></button>
      <span role="status" class="share-link__said">{said}</span>
    </p>
  );
}
