import { useState } from "preact/hooks";
import "./Avatar.css";

/** The initials of a name: its first and last words' first letters. */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return "";
  const first = [...words[0]][0];
  const last = words.length > 1 ? [...words[words.length - 1]][0] : "";
  return (first + last).toLocaleUpperCase();
}

/** A person's photo, or their initials when they have none (or it fails to
 *  load), in a box of a fixed size so nothing moves as it arrives (CSS may set
 *  --avatar-size; size is the photo's width and height attributes). It is
 *  decorative: the name is always written beside it, so screen readers
 *  skip it (alt="" on the photo, aria-hidden on the initials) rather than
 *  read the name twice. */
export function Avatar({ name, photoURL, size = 96 }: { name: string; photoURL: string; size?: number }) {
  const [broken, setBroken] = useState(false);
  if (photoURL && !broken) {
    return <img class="avatar" src={photoURL} alt="" width={size} height={size} loading="lazy" decoding="async" onError={() => setBroken(true)} />;
  }
  return (
    <span class="avatar avatar--initials" aria-hidden="true">
      {initials(name)}
    </span>
  );
}
