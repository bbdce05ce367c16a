import { useEffect } from "preact/hooks";
import { useLocation } from "preact-iso";
import { currentUser, loadSession } from "./session";

/** Sends a visitor who is not signed in to the login page. */
export function useRequireUser() {
  const { route, url } = useLocation();
  useEffect(() => {
    loadSession().then(() => {
      if (!currentUser.value) route(`/login?next=${encodeURIComponent(url)}`, true);
    });
  }, []);
  return currentUser.value;
}
