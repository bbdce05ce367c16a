// The live page's API shapes, all generated from api/openapi.yaml.
import type { Schemas } from "../../api/client";

/** GET /live/{token}: the page's frame. */
export type LivePage = Schemas["LivePage"];
/** Where the session is watched or joined. */
export type LiveStream = NonNullable<LivePage["stream"]>;
/** A question as an attendee sees it. */
export type LiveQuestion = Schemas["LiveQuestion"];
export type LiveQuestionList = Schemas["LiveQuestionList"];
export type SimilarQuestions = Schemas["SimilarQuestionList"];
export type SimilarQuestion = SimilarQuestions["items"][number];
/** A poll as an attendee sees it; votes and total are null while results are hidden. */
export type LivePoll = Schemas["Poll"];
export type LivePollList = Schemas["PollList"];
export type Heartbeat = Schemas["LivePresence"];
export type QuestionOrder = "votes" | "newest" | "fair";
