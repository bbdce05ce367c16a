// The attendee's live endpoints. The token is in the path: the stream's
// EventSource cannot send a header, so every live call carries it alike.
import { api } from "../../api/client";
import type { LivePage, LivePoll, LivePollList, LiveQuestion, LiveQuestionList, QuestionOrder, SimilarQuestions } from "./liveTypes";

/** The calls of one viewer's live page. */
export function liveApi(token: string) {
  const base = `/api/v1/live/${encodeURIComponent(token)}`;
  return {
    page: () => api.get<LivePage>(base),
    questions: (order: QuestionOrder) => api.get<LiveQuestionList>(`${base}/questions?order=${order}`),
    similar: (q: string) => api.get<SimilarQuestions>(`${base}/questions/similar?q=${encodeURIComponent(q)}`),
    ask: (body: string, anonymous: boolean) => api.post<LiveQuestion>(`${base}/questions`, { body, anonymous }),
    vote: (id: string, on: boolean) =>
      on ? api.put<LiveQuestion>(`${base}/questions/${id}/vote`, undefined) : api.del<LiveQuestion>(`${base}/questions/${id}/vote`),
    retract: (id: string) => api.del<void>(`${base}/questions/${id}`),
    polls: () => api.get<LivePollList>(`${base}/polls`),
    ballot: (id: string, optionIDs: string[]) => api.post<LivePoll>(`${base}/polls/${id}/ballot`, { option_ids: optionIDs }),
  };
}

export type LiveApi = ReturnType<typeof liveApi>;
