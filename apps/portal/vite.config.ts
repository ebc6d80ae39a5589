import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// In development the portal talks to a running core; in production nginx serves dist/ and proxies these paths.
const target = process.env.HARBOR_URL ?? 'http://localhost:8080';
const proxied = ['/api', '/c', '/service', '/v2', '/chartrepo'];

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rolldownOptions: {
      output: {
        // Libraries change far less often than our code; separate chunks keep them cached across deploys.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            { name: 'vendor', test: /node_modules[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    proxy: Object.fromEntries(proxied.map((path) => [path, { target, changeOrigin: true }])),
  },
});
