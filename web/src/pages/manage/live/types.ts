// The live console's types, each one of the generated schemas of api/openapi.yaml.
import type { Schemas } from "../../../api/client";
import type { operations } from "../../../api/schema";

/** A question as a moderator sees it: always who asked, and every state. */
export type ModQuestion = Schemas["ModQuestion"];
export type ModQuestionList = Schemas["ModQueue"];
/** The statuses a moderator's queue shows; merged and retracted questions have left it. */
export type QuestionStatus = Exclude<ModQuestion["status"], "merged" | "retracted">;
export type Order = NonNullable<NonNullable<operations["listModQuestions"]["parameters"]["query"]>["order"]>;
export type Asker = Schemas["LiveAsker"];

export type ModPoll = Schemas["Poll"];
export type PollInput = Schemas["NewPoll"];

export type LiveSettings = Schemas["LiveSettings"];
export type AttendancePage = Schemas["AttendancePage"];
export type AttendanceSummary = AttendancePage["summary"];
