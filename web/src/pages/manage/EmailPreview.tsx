import "./EmailPreview.css";

type Props = {
  /** Names the frame for screen readers; unique on the page. */
  frameTitle: string;
  subject: string;
  /** Where the HTML part is served as a page of its own: the server gives it
   *  a policy that lets its inline styles apply, which this page's policy
   *  (inherited by a srcdoc frame) does not. */
  src: string;
  text: string;
  /** Further lines of the envelope, like To or Attachments. */
  envelope?: [string, string][];
};

/** A rendered email as its recipient reads it: the HTML part in a frame
 *  that may run nothing and reach nothing, then the plain-text part. */
export function EmailPreview({ frameTitle, subject, src, text, envelope = [] }: Props) {
  return (
    <div class="email-preview">
      <dl class="email-preview__envelope">
        <dt>Subject</dt>
        <dd>{subject}</dd>
        {envelope.map(([name, value]) => [<dt key={`${name}-dt`}>{name}</dt>, <dd key={`${name}-dd`}>{value}</dd>])}
      </dl>
      <h4>As HTML</h4>
      <iframe class="email-preview__frame" sandbox="" src={src} title={frameTitle} />
      <h4>As plain text</h4>
      <pre class="email-preview__text">{text}</pre>
    </div>
  );
}
