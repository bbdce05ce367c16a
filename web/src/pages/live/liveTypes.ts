// The live page's API shapes: the generated ones where the live endpoints'
// schemas have landed in api/openapi.yaml, stand-ins shaped as the issue's
// API contract says for the rest, until theirs land too.
import type { Schemas } from "../../api/client";

/** GET /live/{token}: the page's frame. */
export type LivePage = Schemas["LivePage"];

/** Where the session is watched or joined. */
export type LiveStream = NonNullable<LivePage["stream"]>;

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
