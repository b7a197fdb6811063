// Business calendar endpoints (R-INT-7): the year's listed days, changes, import and counting.
import { api } from '../../api.js'

/** {year, work_week, work_start, work_end, days}; year omitted: the server's this year. */
export const getYear = (year) => api.get('/calendar', year ? { year } : undefined)
/** List a day (administrators): {kind, name_zh, name_en} → the day. */
export const putDay = (date, body) => api.put('/calendar/days/' + encodeURIComponent(date), body)
/** Take a day off the list (administrators). */
export const deleteDay = (date) => api.del('/calendar/days/' + encodeURIComponent(date))
/** Import days all or none (administrators): {days} → {imported}. */
export const importDays = (body) => api.post('/calendar/import', body)
/** {from, working_days | minutes} → {from, result}. */
export const addTime = (query) => api.get('/calendar/add', query)
/** Lunar date of a day {date}, or the day of a lunar date {year, month, leap, day} → {date, lunar}. */
export const lunarOf = (query) => api.get('/calendar/lunar', query)
/** The next day a yearly lunar date falls on: {from?, month, day, leap} → {date, lunar}. */
export const lunarNext = (query) => api.get('/calendar/lunar/next', query)
