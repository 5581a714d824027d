import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The API for `npx vite` (development): a Portico server started with PORT=3100, or PORTICO_API.
const api = process.env.PORTICO_API ?? 'http://localhost:3100';

export default defineConfig({
  root: 'web',
  plugins: [react()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      output: {
        // Libraries change less often than Portico: separate chunks stay cached across releases.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 3 },
            { name: 'mantine', test: /node_modules[\\/](@mantine|@floating-ui|dayjs)[\\/]/, priority: 2 },
            { name: 'vendor', test: /node_modules[\\/]/, priority: 1 },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': {
        target: api,
        // Better Auth checks the Origin against the server's public URL.
        configure: (proxy) => proxy.on('proxyReq', (req) => req.setHeader('origin', api)),
      },
    },
  },
});
