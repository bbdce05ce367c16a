import { useEffect, useId, useRef } from "preact/hooks";

type Props = { message?: string; errors: Record<string, string>; labels: Record<string, string> };

/** The fields in the order they appear on the page (the server's order is
 *  alphabetical); fields not on the page follow in the order of labels. */
export function inFormOrder(fields: string[], labels: Record<string, string>): string[] {
  const known = Object.keys(labels);
  const rank = (f: string) => (known.indexOf(f) + 1 || known.length + 1);
  return [...fields].sort((a, b) => {
    const ea = document.getElementById(a), eb = document.getElementById(b);
    if (ea && eb) return ea.compareDocumentPosition(eb) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
    if (ea || eb) return ea ? -1 : 1;
    return rank(a) - rank(b);
  });
}

/** "Label: message." with the punctuation once, whatever each part ends with. */
export function errorLine(label: string | undefined, message: string): string {
  const text = message.trim().replace(/([.!?])[.!?\s]*$/, "$1");
  if (!label) return text;
  return `${label.trim().replace(/[\s.:;,]+$/, "")}: ${text}`;
}

/** Lists what went wrong at the top of a form and takes focus, so that
 *  keyboard and screen-reader users learn of it at once. */
export function ErrorSummary({ message, errors, labels }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const titleID = useId();
  const fields = Object.keys(errors);
  useEffect(() => {
    if (message || fields.length) ref.current?.focus();
  }, [message, fields.join()]);
  if (!message && fields.length === 0) return null;
  return (
    <div class="error-summary" role="alert" tabIndex={-1} ref={ref} aria-labelledby={titleID}>
      <h2 id={titleID}>There is a problem</h2>
      {message && <p>{message}</p>}
      {fields.length > 0 && (
        <ul>
          {inFormOrder(fields, labels).map((f) => (
            <li key={f}>
              <a href={`#${f}`}>{errorLine(labels[f], errors[f])}</a>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
