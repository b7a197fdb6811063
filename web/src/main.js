import { createApp } from 'vue'
import ElementPlus from 'element-plus'
import 'element-plus/dist/index.css'
import * as Icons from '@element-plus/icons-vue'
import App from './App.vue'
import { i18n } from './i18n/index.js'
import { router } from './router.js'
import './style.css'

const app = createApp(App)
for (const [name, comp] of Object.entries(Icons)) app.component('Icon' + name, comp)
app.use(i18n)
app.use(ElementPlus)
app.use(router)
app.mount('#app')
