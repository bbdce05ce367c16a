import { ErrorBoundary, LocationProvider, Route, Router, lazy } from "preact-iso";
import { Layout } from "./components/Layout";
import { EventsPage } from "./pages/EventsPage";
import { EventPage } from "./pages/EventPage";
import { NotFoundPage } from "./pages/NotFoundPage";

// Organiser pages load only when visited, so the public pages stay small.
const SetupPage = lazy(() => import("./pages/SetupPage").then((m) => m.SetupPage));
const LoginPage = lazy(() => import("./pages/LoginPage").then((m) => m.LoginPage));
const ManageEventsPage = lazy(() => import("./pages/manage/ManageEventsPage").then((m) => m.ManageEventsPage));
const ManageRegistrationPage = lazy(() => import("./pages/ManageRegistrationPage").then((m) => m.ManageRegistrationPage));
const EventEditorPage = lazy(() => import("./pages/manage/EventEditorPage").then((m) => m.EventEditorPage));
const TeamPage = lazy(() => import("./pages/manage/TeamPage").then((m) => m.TeamPage));
// The live page is its own chunk, and hls.js a further one it loads only for an HLS stream.
const LivePage = lazy(() => import("./pages/live/LivePage").then((m) => m.LivePage));
const PaymentReturnPage = lazy(() => import("./pages/payment/PaymentReturnPage").then((m) => m.PaymentReturnPage));
const ReplayLinkPage = lazy(() => import("./pages/replay/ReplayLinkPage").then((m) => m.ReplayLinkPage));
const UnsubscribePage = lazy(() => import("./pages/UnsubscribePage").then((m) => m.UnsubscribePage));
const CommentConfirmPage = lazy(() => import("./pages/CommentLinkPage").then((m) => m.CommentConfirmPage));
const CommentDeletePage = lazy(() => import("./pages/CommentLinkPage").then((m) => m.CommentDeletePage));

export function App() {
  return (
    <LocationProvider>
      <Layout>
        <ErrorBoundary>
          <Router>
            <Route path="/" component={EventsPage} />
            <Route path="/events/:slug" component={EventPage} />
            <Route path="/events/:slug/replay/:segment" component={EventPage} />
            <Route path="/setup" component={SetupPage} />
            <Route path="/login" component={LoginPage} />
            <Route path="/r/:token" component={ManageRegistrationPage} />
            <Route path="/r/:token/replay" component={ReplayLinkPage} />
            <Route path="/r/:token/payment" component={PaymentReturnPage} />
            <Route path="/live/:token" component={LivePage} />
            <Route path="/unsubscribe/:token" component={UnsubscribePage} />
            <Route path="/comments/confirm/:token" component={CommentConfirmPage} />
            <Route path="/comments/delete/:token" component={CommentDeletePage} />
            <Route path="/manage" component={ManageEventsPage} />
            <Route path="/manage/team" component={TeamPage} />
            <Route path="/manage/events/:id/:section?" component={EventEditorPage} />
            <Route default component={NotFoundPage} />
          </Router>
        </ErrorBoundary>
      </Layout>
    </LocationProvider>
  );
}
