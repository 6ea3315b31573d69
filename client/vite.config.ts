import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";
import tailwindcss from "@tailwindcss/vite";

const clientRoot = fileURLToPath(new URL(".", import.meta.url));
// SPEC §9: static assets (favicon, robots.txt, web manifest, icons) live in the repository's public/,
// served as they are by the dev server and copied into the build.
const publicDir = fileURLToPath(new URL("../public", import.meta.url));
const apiTarget = "http://localhost:3000";

// The SPA is built into dist/client and served by the Express process in
// production; in development Vite serves it and proxies the API to Express.
export default defineConfig({
  root: clientRoot,
  publicDir,
  plugins: [react(), tailwindcss()],
  build: {
    outDir: "../dist/client",
    emptyOutDir: true,
    sourcemap: true,
  },
  server: {
    port: 5173,
    proxy: {
      "/api": { target: apiTarget, changeOrigin: true },
      "/socket.io": { target: apiTarget, changeOrigin: true, ws: true },
      "/docs": { target: apiTarget, changeOrigin: true },
      "/openapi.json": { target: apiTarget, changeOrigin: true },
    },
  },
});
