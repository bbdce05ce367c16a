// The live page's API shapes, as docs LIVE-API.md states them. Stand-ins
// until the live endpoints' schemas land in api/openapi.yaml; then each
// becomes an alias of the generated type.

/** GET /live/{token}: the page's frame. */
export type LivePage = {
  event: { slug: string; title: string; starts_at: string; ends_at: string; timezone: string; status: string };
  phase: "upcoming" | "open" | "live" | "ended" | "cancelled";
  opens_at: string;
  now: string;
  viewer: { first_name: string; confirmed: boolean; may_ask: boolean };
  stream: LiveStream | null;
  recording_url: string | null;
  moderation: "held" | "published";
  last_change_id: number;
};

/** Where the session is watched or joined. */
export type LiveStream = { kind: "youtube" | "vimeo" | "hls" | "external"; url: string };

/** A question as an attendee sees it. */
export type LiveQuestion = {
  id: string;
  body: string;
  asker: { name: string; organisation: string } | null;
  status: "held" | "published" | "answered";
  answer: string;
  answered_live: boolean;
  on_stage: boolean;
  votes: number;
  voted: boolean;
  mine: boolean;
  created_at: string;
};

export type LiveQuestionList = { items: LiveQuestion[]; last_change_id: number };
export type SimilarQuestion = { id: string; body: string; votes: number };
export type SimilarQuestions = { items: SimilarQuestion[] };

/** A poll as an attendee sees it; votes and total are null while results are hidden. */
export type LivePoll = {
  id: string;
  question: string;
  multiple: boolean;
  status: "open" | "closed";
  results_visible: boolean;
  options: { id: string; label: string; votes: number | null }[];
  total: number | null;
  my_choices?: string[];
};

export type LivePollList = { items: LivePoll[] };
export type Heartbeat = { minutes_present: number; attended: boolean };
export type QuestionOrder = "votes" | "newest" | "fair";
