import type { ComponentChildren } from "preact";

/** The page frame: skip link, header with navigation, main, footer. */
export function Layout({ children }: { children: ComponentChildren }) {
  return (
    <>
      <a class="skip-link" href="#main">Skip to main content</a>
      <header class="site-header">
        <div class="inner">
          <a class="brand" href="/">Plenary</a>
          <nav aria-label="Main">
            <ul>
              <li><a href="/">Events</a></li>
              <li><a href="/manage">Organisers</a></li>
            </ul>
          </nav>
        </div>
      </header>
      <main id="main" class="site-main" tabIndex={-1}>
        {children}
      </main>
      <footer class="site-footer">
        <div class="inner">Plenary — webinars for the public sector.</div>
      </footer>
    </>
  );
}
