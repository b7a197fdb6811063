import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const target = 'http://127.0.0.1:8080'

// The fonts of printed documents (R-PLT-7): the server's print HTML and its PDFs name them at
// fixed URLs (/fonts/…), so they are emitted under fixed names, not hashed like the app's
// assets. They come from @fontsource/noto-sans-sc (SIL OFL); the app does not load them itself.
const PRINT_FONTS = {
  'noto-sans-sc-400.woff2': 'noto-sans-sc-chinese-simplified-400-normal.woff2',
  'noto-sans-sc-700.woff2': 'noto-sans-sc-chinese-simplified-700-normal.woff2',
  'noto-sans-sc-latin-400.woff2': 'noto-sans-sc-latin-400-normal.woff2',
  'noto-sans-sc-latin-700.woff2': 'noto-sans-sc-latin-700-normal.woff2',
}
const fontFile = (name) => fileURLToPath(new URL('./node_modules/@fontsource/noto-sans-sc/files/' + PRINT_FONTS[name], import.meta.url))

function printFonts() {
  return {
    name: 'kehu-print-fonts',
    generateBundle() {
      for (const name of Object.keys(PRINT_FONTS)) {
        this.emitFile({ type: 'asset', fileName: 'fonts/' + name, source: readFileSync(fontFile(name)) })
      }
      // The SIL Open Font License travels with the fonts it covers.
      const license = fileURLToPath(new URL('./node_modules/@fontsource/noto-sans-sc/LICENSE', import.meta.url))
      this.emitFile({ type: 'asset', fileName: 'fonts/OFL.txt', source: readFileSync(license) })
    },
    // `npm run dev`: the same URLs answered from node_modules.
    configureServer(server) {
      server.middlewares.use('/fonts', (req, res, next) => {
        const name = decodeURIComponent((req.url || '').split('?')[0].replace(/^\//, ''))
        if (!Object.hasOwn(PRINT_FONTS, name)) return next()
        res.setHeader('Content-Type', 'font/woff2')
        res.end(readFileSync(fontFile(name)))
      })
    },
  }
}

export default defineConfig({
  base: '/',
  plugins: [vue(), printFonts()],
  define: {
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
    __VUE_PROD_DEVTOOLS__: false,
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: false,
  },
  server: {
    proxy: {
      '/api': { target, changeOrigin: false },
      '/healthz': { target, changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
  // npm run test:unit (vitest): the shared pieces of the UI, in a simulated browser.
  test: {
    environment: 'happy-dom',
    include: ['tests/unit/**/*.test.js'],
  },
})
