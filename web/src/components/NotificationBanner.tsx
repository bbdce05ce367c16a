import type { ComponentChildren } from "preact";
import { useEffect, useId, useRef } from "preact/hooks";
import "./NotificationBanner.css";

type Props = {
  /** "important" (the default) tells of something the reader should know;
   *  "success" confirms an action that just happened. */
  type?: "important" | "success";
  /** The banner's small title; defaults to "Important" or "Success". */
  title?: string;
  children: ComponentChildren;
};

/**
 * GOV.UK's notification banner. An "important" banner is a region named by
 * its title, found by landmark navigation; a "success" banner is an alert,
 * announced at once and focused, because it reports what the reader just did.
 */
export function NotificationBanner({ type = "important", title, children }: Props) {
  const id = useId();
  const box = useRef<HTMLDivElement>(null);
  const success = type === "success";
  useEffect(() => {
    if (success) box.current?.focus();
  }, [success]);
  return (
    <div ref={box} class={`notification-banner${success ? " notification-banner--success" : ""}`}
      role={success ? "alert" : "region"} aria-labelledby={success ? undefined : `${id}-title`} tabIndex={success ? -1 : undefined}>
      <div class="notification-banner__header">
        <h2 class="notification-banner__title" id={`${id}-title`}>{title ?? (success ? "Success" : "Important")}</h2>
      </div>
      <div class="notification-banner__content">{children}</div>
    </div>
  );
}
