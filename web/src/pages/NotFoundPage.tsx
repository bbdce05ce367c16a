import { useTitle } from "../components/useTitle";

export function NotFoundPage() {
  useTitle("Page not found");
  return (
    <>
      <h1>Page not found</h1>
      <p>If you typed the web address, check it is correct. If you pasted it, check you copied the whole address.</p>
      <p><a href="/">See upcoming events</a></p>
    </>
  );
}
