// The router: the login page and the main layout around every capability's pages.
// Which pages exist comes from the capability modules (modules.js); who may open
// one comes from its route meta against the server's answer (access.js).
import { createRouter, createWebHistory } from 'vue-router'
import { session, loadMe, homeRoute, clearSession } from './store.js'
import { onUnauthorized } from './api.js'
import { allowsRoute } from './access.js'
import { layoutRoutes } from './modules.js'

const Login = () => import('./views/auth/LoginPage.vue')
const Layout = () => import('./views/layout/MainLayout.vue')
const Home = () => import('./views/layout/HomePage.vue')
const NotFound = () => import('./views/layout/NotFound.vue')

/** The route table around the modules' layout routes (exported for tests). */
export function buildRouteTable(children) {
  return [
    { path: '/login', name: 'login', component: Login, meta: { public: true } },
    {
      path: '/',
      component: Layout,
      children: [
        // "/" forwards to the landing page; it shows itself only to a user who may see nothing.
        { path: '', name: 'home', component: Home, beforeEnter: () => (homeRoute() === '/' ? true : homeRoute()) },
        ...children,
        { path: ':pathMatch(.*)*', name: 'not-found', component: NotFound },
      ],
    },
  ]
}

/**
 * The navigation guard: signed-out users go to the login page; a page whose
 * route meta the user does not meet sends them to their landing page.
 */
export async function guard(to) {
  if (!session.loaded) {
    try { await loadMe() } catch (e) { /* server unreachable: treat as signed out */ }
  }
  if (to.meta.public) {
    if (to.name === 'login' && session.user) return homeRoute()
    return true
  }
  if (!session.user) return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} }
  if (!allowsRoute(session.user, to)) return homeRoute()
  return true
}

export const router = createRouter({ history: createWebHistory('/'), routes: buildRouteTable(layoutRoutes) })
router.beforeEach(guard)

onUnauthorized(() => {
  clearSession()
  const cur = router.currentRoute.value
  if (cur.name !== 'login') router.push({ name: 'login', query: cur.fullPath && cur.fullPath !== '/' ? { redirect: cur.fullPath } : {} })
})
