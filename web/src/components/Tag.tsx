import type { ComponentChildren } from "preact";
import "./Tag.css";

/** The colours a tag may take; each pairs a pale background with a dark text of the same hue (contrast ≥ 7:1). */
export type TagColour = "grey" | "green" | "blue" | "yellow" | "orange" | "red" | "purple";

type Props = { colour?: TagColour; children: ComponentChildren; class?: string };

/**
 * A status in a word or two, in the style of GOV.UK's tag. The words say
 * the status; the colour only helps the eye find it, so a tag never
 * relies on colour alone.
 */
export function Tag({ colour = "grey", children, class: extra }: Props) {
  return <strong class={`kit-tag kit-tag--${colour}${extra ? ` ${extra}` : ""}`}>{children}</strong>;
}
