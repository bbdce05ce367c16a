import { defineConfig } from "vitest/config";
import preact from "@preact/preset-vite";

// The Go server embeds dist/app (web/embed.go); `npm run dev` serves the
// SPA with hot reload and sends /api to a Go server on :8080.
export default defineConfig({
  plugins: [preact()],
  build: {
    outDir: "dist/app",
    emptyOutDir: true,
    assetsDir: "assets",
  },
  server: {
    proxy: { "/api": "http://localhost:8080" },
  },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.{ts,tsx}"],
    css: false,
    // Generous: the suite runs on shared, busy machines, and a component
    // test that waits on rendering must not fail for being slow.
    testTimeout: 60_000,
  },
});
