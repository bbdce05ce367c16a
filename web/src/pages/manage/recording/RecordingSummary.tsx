import type { EventDetail } from "../../../api/client";
import { SummaryList, type SummaryRow } from "../../../components/SummaryList";
import { Tag } from "../../../components/Tag";
import { Timestamp } from "../Timestamp";
import { describeDuration, describeSource, recordingPath, type Recording } from "./recording";

type Props = { event: EventDetail; recording: Recording };

/** What the recording is now: its source, length, captions, poster and whether the public sees it. */
export function RecordingSummary({ event, recording: rec }: Props) {
  const posterURL = `/api/v1/events/${encodeURIComponent(event.slug)}/recording/poster`;
  const posterPublic = rec.status === "published" && event.status === "published";
  const rows: SummaryRow[] = [
    {
      key: "Video",
      value: rec.external_url ? <>{describeSource(rec)}: <a href={rec.external_url}>{rec.external_url}</a></> : describeSource(rec),
    },
    { key: "Length", value: describeDuration(rec) },
    {
      key: "Captions",
      value: rec.has_captions
        ? <>Yes. <a href={`${recordingPath(event.id)}/captions`} download={`${event.slug}.vtt`}>Download the captions (WebVTT)</a></>
        : "None yet",
    },
    {
      key: "Status",
      value: rec.status === "published"
        ? <><Tag colour="green">Published</Tag> <Timestamp iso={rec.published_at} zone={event.timezone} />
          {rec.published_without_captions && !rec.has_captions && <span class="hint">Published without captions, as confirmed.</span>}
          {event.status !== "published" && <span class="hint">The public sees it once the event is published.</span>}</>
        : <><Tag>Draft</Tag> Only organisers see it.</>,
    },
  ];
  if (rec.kind === "upload") {
    rows.push({
      key: "Poster",
      value: !rec.has_poster
        ? "None: the server could not take a frame of the file, so players show the video's first frame."
        : posterPublic
          ? <img class="recording-summary__poster" src={posterURL} alt="The recording's poster frame" width={320} />
          : "A frame of the file is kept as its poster; it shows here once the recording is public.",
    });
  }
  return <SummaryList rows={rows} />;
}
