// What the "my day" 我的一天 page (R-INT-4, issue 13 item 12) decides on its own, as plain
// functions (tested in tests/unit/myDay.test.js): the queries of its sections for a day in the
// company's zone, today's tasks apart from the overdue ones, and how a count reads.
import { daysAfter } from './followup.js'

/** Rows read per section: the whole day's tasks, and enough to count the pool's new customers. */
export const MY_DAY_LIMIT = 200
/**
 * The most overdue tasks shown (the rest behind a link to the overdue list): a salesperson who is
 * far behind sees where to start, not hundreds of cards on a phone.
 */
export const MY_DAY_OVERDUE = 50
/** Approvals and new pool customers shown on the page (the rest behind a link). */
export const MY_DAY_FIRST = 5
/** Greetings due within this many days after today; customers new in the pool for as long. */
export const MY_DAY_AHEAD = 7

/** The date n days after day ("YYYY-MM-DD"), '' for a bad day. */
export function dayAfter(day, n) {
  return /^\d{4}-\d{2}-\d{2}$/.test(String(day || '')) ? daysAfter(day + ' 00:00', n).slice(0, 10) : ''
}

/**
 * The list queries of the page on `today` ("YYYY-MM-DD", the company's day; a date as `…_to`
 * includes that day): the MY_DAY_OVERDUE most overdue tasks; the open ones due today (those of them already past due
 * are left out by todayTasks; those due before today are all overdue, so they are not read twice);
 * the greetings due after today within MY_DAY_AHEAD days (today's are among today's tasks); the
 * customers put in the pool from MY_DAY_AHEAD days ago. null before today is known.
 */
export function myDayQueries(today) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(String(today || ''))) return null
  return {
    overdue: { state: 'overdue', limit: MY_DAY_OVERDUE },
    today: { state: 'open', due_from: today, due_to: today, limit: MY_DAY_LIMIT },
    greetings: { state: 'open', kind: 'greeting', due_from: dayAfter(today, 1), due_to: dayAfter(today, MY_DAY_AHEAD), limit: MY_DAY_LIMIT },
    pool: { since: dayAfter(today, -MY_DAY_AHEAD), limit: MY_DAY_LIMIT },
  }
}

/**
 * Today's tasks: the open ones due by the end of today that are not overdue — neither marked so
 * by the server nor among the overdue list read with them (a task may fall due between the reads).
 */
export function todayTasks(open, overdue) {
  const late = new Set((overdue || []).map((x) => x.id))
  return (open || []).filter((x) => x && x.state === 'open' && !x.overdue && !late.has(x.id))
}

/** A count as shown at the top: "3", "200+" when more were left unread, "" while unknown. */
export function countText(n, more = false) {
  if (n === null || n === undefined) return ''
  return String(n) + (more ? '+' : '')
}
