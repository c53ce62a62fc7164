/**
 * Vite app of the Zhospar client. Dev server proxies the API, the Hocuspocus websocket and
 * socket.io to the server (ZHOSPAR_SERVER_PORT, default 3000); `vite build` writes client/dist,
 * which the server serves. Univer is split into its own chunks; yjs is deduplicated (two copies
 * break sync: "Yjs was already imported").
 */
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const serverPort = process.env.ZHOSPAR_SERVER_PORT ?? '3000';
const target = `http://127.0.0.1:${serverPort}`;

export default defineConfig({
  plugins: [react()],
  resolve: {
    dedupe: ['yjs', 'y-protocols', 'lib0', 'react', 'react-dom'],
  },
  server: {
    host: '127.0.0.1',
    port: Number(process.env.ZHOSPAR_CLIENT_PORT ?? '5173'),
    strictPort: false,
    proxy: {
      '/api': { target, changeOrigin: false },
      '/collab': { target, ws: true, changeOrigin: false },
      '/socket.io': { target, ws: true, changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 4000,
    rolldownOptions: {
      output: {
        codeSplitting: {
          // Keep each group to its own packages (by default a group pulls in its dependencies).
          includeDependenciesRecursively: false,
          groups: [
            { name: 'univer-formula', test: /[\\/]@univerjs[\\/](engine-formula|sheets-formula|sheets-formula-ui)[\\/]/, priority: 30 },
            // Only the main module: engine-render lazy-loads hyphenation dictionaries per language.
            { name: 'univer-render', test: /[\\/]@univerjs[\\/]engine-render[\\/]lib[\\/]es[\\/]index\.js$/, priority: 30 },
            { name: 'univer-docs', test: /[\\/]@univerjs[\\/](docs|docs-ui)[\\/]/, priority: 30 },
            { name: 'univer-sheets', test: /[\\/]@univerjs[\\/](sheets|sheets-ui|sheets-numfmt|sheets-numfmt-ui)[\\/]/, priority: 30 },
            // Everything else of Univer, except engine-render's lazily loaded hyphenation dictionaries.
            { name: 'univer-base', test: /[\\/](@univerjs[\\/](?!engine-render[\\/]lib[\\/]es[\\/](?!index\.js))|@wendellhu[\\/]|rxjs[\\/]|@floating-ui[\\/]|opentype\.js[\\/]|@flatten-js[\\/]|numfmt[\\/]|dayjs[\\/]|decimal\.js[\\/])/, priority: 20 },
            { name: 'yjs', test: /[\\/](yjs|y-protocols|lib0|@hocuspocus)[\\/]/, priority: 20 },
            { name: 'react', test: /[\\/]node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 10 },
          ],
        },
      },
    },
  },
});
