// What the comment pages say, worked out apart from how they are drawn:
// the moderation notices, the truth about a posted comment, the character
// count, and which parts of a body are links.
import type { Schemas } from "../../api/client";

export type Moderation = Schemas["CommentModeration"];

/** The longest comment the API takes (NewComment.body's maxLength), counted in characters as the server counts them. */
export const maxBody = 2000;

/** A body's length as the server counts it: characters (code points), not UTF-16 units, of the trimmed text. */
export const bodyLength = (body: string) => [...body.trim()].length;

/** The character count under the comment field: what is left, or how far over. */
export function charactersLeft(body: string, max = maxBody): { text: string; over: boolean } {
  const left = max - bodyLength(body);
  const n = Math.abs(left).toLocaleString("en-GB");
  const unit = Math.abs(left) === 1 ? "character" : "characters";
  return left >= 0 ? { text: `You have ${n} ${unit} left`, over: false } : { text: `You have ${n} ${unit} too many`, over: true };
}

/** The notice above the form: what happens to a comment in the event's moderation mode. */
export const moderationNotice: Record<Moderation, string> = {
  all: "A moderator reads every comment before it appears here.",
  first: "A moderator reads your first comment on this event before it appears here; once one of yours is approved, your later comments appear at once.",
  none: "Comments appear here as soon as they are posted. The organiser may remove a comment.",
};

/**
 * What became of a comment, as far as the API's answer tells: in "first"
 * mode it does not say whether this address had a comment approved before
 * (so that it tells nobody who commented), so neither can the page.
 */
export function postedMessage(mode: Moderation): { title: string; text: string } {
  switch (mode) {
    case "none":
      return { title: "Your comment is published", text: "It is on this page now." };
    case "first":
      return {
        title: "Thank you for your comment",
        text: "If a moderator has approved a comment of yours on this event before, it is published now. Otherwise it waits for a moderator, and appears here once approved.",
      };
    default:
      return { title: "Your comment is waiting for a moderator", text: "It appears here once a moderator approves it." };
  }
}

/** The email every commenter is sent, said as the service sends it. */
export const emailMessage = "We are emailing you a link to delete your comment. If you have not confirmed your email address with us before, the email also has a link to confirm it: once it is confirmed, we tell you when someone replies to you.";

/** A 429's detail ("… try again in 120 seconds.") said for a commenter, in minutes when it is long. */
export function tooManyMessage(detail: string): string {
  const seconds = Number(detail.match(/(\d+) seconds?/)?.[1]);
  if (!seconds) return "You have sent several comments in a short time. Wait a few minutes, then send it again.";
  const wait = seconds < 90 ? `${seconds} ${seconds === 1 ? "second" : "seconds"}` : `about ${Math.ceil(seconds / 60)} minutes`;
  return `You have sent several comments in a short time. Wait ${wait}, then send it again; what you wrote is still in the form.`;
}

/** One piece of a body: text, or a web address. */
export type Part = { text: string; href?: string };

const webAddress = /\bhttps?:\/\/[^\s<>"]+/gi;

/** Whether a body holds a web address that would become a link once approved. */
export const hasLinks = (body: string) => bodyParts(body, true).some((p) => p.href);

/**
 * A body cut into text and web addresses. Addresses become links only when
 * allowed (a moderator approved the comment); otherwise the body is one
 * piece of text. Trailing punctuation stays out of a link.
 */
export function bodyParts(body: string, linksAllowed: boolean): Part[] {
  if (!linksAllowed) return [{ text: body }];
  const parts: Part[] = [];
  let at = 0;
  for (const m of body.matchAll(webAddress)) {
    const url = m[0].replace(/[.,;:!?)\]'’”]+$/, "");
    const start = m.index ?? 0;
    if (start > at) parts.push({ text: body.slice(at, start) });
    parts.push({ text: url, href: url });
    at = start + url.length;
  }
  if (at < body.length) parts.push({ text: body.slice(at) });
  return parts;
}

const when = new Intl.DateTimeFormat("en-GB", {
  day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZoneName: "short",
});

/** When a comment was posted, on the reader's clock. */
export const postedAt = (iso: string) => when.format(new Date(iso));
