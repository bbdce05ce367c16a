// Event addresses: /events/{slug}, where the server takes lower-case ASCII
// words joined by single hyphens, 3 to 100 characters; segments' addresses
// (/events/{slug}/replay/{segment}) take the same words, at most 80.

/** The longest slug the server takes. */
export const slugMax = 100;

/**
 * The address suggested for a title: accents dropped ("Café" → "cafe"),
 * "&" read as "and", everything else that is not a letter or digit a word
 * break; cut at a word boundary when the title is longer than max.
 */
export function slugFromTitle(title: string, max = slugMax): string {
  const words = title.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
    .replace(/&/g, " and ").replace(/ß/g, "ss").replace(/[æ]/g, "ae").replace(/[ø]/g, "o")
    .split(/[^a-z0-9]+/).filter(Boolean);
  let slug = "";
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word;
    if (next.length > max) return slug || word.slice(0, max);
    slug = next;
  }
  return slug;
}
