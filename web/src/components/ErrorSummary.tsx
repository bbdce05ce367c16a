import { useEffect, useId, useRef } from "preact/hooks";

type Props = { message?: string; errors: Record<string, string>; labels: Record<string, string> };

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
          {fields.map((f) => (
            <li key={f}>
              <a href={`#${f}`}>{labels[f] ? `${labels[f]}: ` : ""}{errors[f]}</a>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
