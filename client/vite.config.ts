/**
 * Vite app of the Zhospar client. Dev server proxies the API, the Hocuspocus websocket and
 * socket.io to the server (ZHOSPAR_SERVER_PORT, default 3000); `vite build` writes client/dist,
 * which the server serves. Univer loads with the editor route only; yjs is deduplicated (two copies
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
    outDir: process.env.ZHOSPAR_OUT_DIR ?? 'dist',
    emptyOutDir: true,
    sourcemap: true,
    // Univer (≈6 MB) is one chunk loaded with the editor route only; the login and list stay light.
    // Hand-made chunk groups that split Univer's packages broke its module initialisation order.
    chunkSizeWarningLimit: 7000,
  },
});
