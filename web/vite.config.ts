import react from '@vitejs/plugin-react'
import { defineConfig, type Plugin } from 'vite'

/**
 * Utrecht's single index.mjs sets `X.displayName = '…'` at top level and declares no sideEffects, so
 * the bundler keeps all ~100 components (shared/docs/FRONTEND.md, trap 1). Dropping those assignments
 * and declaring the Utrecht JS modules side-effect free (they only define components; their CSS is
 * imported separately) leaves just the components we use: 113.7 KB instead of 169.8 KB gzip here.
 */
function utrechtTreeShaking(): Plugin {
  const displayName = /^[A-Za-z_$][\w$]*\.displayName = (['"])[^'"\n]*\1;?[ \t]*$/gm
  return {
    name: 'vp:utrecht-tree-shaking',
    enforce: 'pre',
    transform: {
      filter: { id: /[\\/]node_modules[\\/]@utrecht[\\/].*\.mjs$/ },
      handler(code) {
        return { code: code.replace(displayName, ''), map: null, moduleSideEffects: false }
      },
    },
  }
}

export default defineConfig({
  plugins: [utrechtTreeShaking(), react()],
  build: {
    // The CSP allows fonts and scripts from 'self' only: never inline assets as data: URLs.
    assetsInlineLimit: 0,
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      '/api': { target: 'http://localhost:3000', changeOrigin: false, ws: true },
    },
  },
})
