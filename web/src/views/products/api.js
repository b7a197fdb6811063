// The product catalogue's endpoints (docs/API.md "Products 产品目录").
import { api, getAll } from '../../api.js'

const one = (id) => '/products/' + encodeURIComponent(id)

/** A page in code order: {items, next_cursor, categories}; query q, category, state, limit, cursor. */
export const listProducts = (query) => api.get('/products', query)
export const getProduct = (id) => api.get(one(id))
/** A new product → 201 the product; 422 names the field, 409 a taken code. */
export const createProduct = (body) => api.post('/products', body)
/** Change (what body gives), deactivate ({active: false}) or activate again → the product. */
export const updateProduct = (id, body) => api.patch(one(id), body)
/** The active catalogue (every page of it), for the pickers of orders and other records naming products. */
export const activeProducts = () => getAll('/products', { state: 'active' })
