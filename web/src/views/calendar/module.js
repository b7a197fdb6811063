// The business calendar 工作日历 (R-INT-7, issue 13 item 1): a year's public holidays and swapped
// working days as twelve month grids and a list, edited and imported by the administrator, and a
// box that counts working days or business hours from a time, as every rule does.
const CalendarPage = () => import('./CalendarPage.vue')

export const perms = {
  /** Listing, changing and importing days; the page is under the administration menu. */
  manage: 'settings.manage',
}

export const name = 'calendar'
// Right after the administration module (50): its entry follows Users, Settings and Backups.
export const order = 51

export const routes = [
  { path: 'admin/calendar', name: 'calendar', component: CalendarPage, meta: { perm: perms.manage } },
]

export const menu = [
  { path: '/admin/calendar', label: 'calendar.nav', icon: 'Calendar', test: 'nav-calendar' },
]

export const messages = {
  'zh-CN': {
    calendar: {
      nav: '工作日历', title: '工作日历',
      hint: '法定节假日和调休上班日按年列出，其余日子按工作周：各项期限（如外借逾期、整改期限）按工作日和工作时间推算。',
      year: '年份', prevYear: '上一年', nextYear: '下一年',
      week: '工作时间', weekValue: '{week} {start}–{end}', weekRange: '{from}至{to}', weekSep: '、', noWeek: '未设置工作日',
      weekEdit: '在“设置 › 系统参数”中修改工作周和工作时间',
      weekdays: { 1: '周一', 2: '周二', 3: '周三', 4: '周四', 5: '周五', 6: '周六', 7: '周日' },
      weekdaysShort: { 1: '一', 2: '二', 3: '三', 4: '四', 5: '五', 6: '六', 7: '日' },
      months: { 1: '1月', 2: '2月', 3: '3月', 4: '4月', 5: '5月', 6: '6月', 7: '7月', 8: '8月', 9: '9月', 10: '10月', 11: '11月', 12: '12月' },
      kinds: { holiday: '休息日', workday: '调休上班', weekend: '周末', normal: '工作日' },
      badge: { holiday: '休', workday: '班' },
      legend: '图例',
      sources: { official: '国家规定', company: '本公司' },
      list: '本年列出的日期', listEmpty: '{year} 年没有列出的节假日或调休日，全部按工作周。',
      date: '日期', weekday: '星期', kind: '类型', name: '名称', nameZh: '中文名称', nameEn: '英文名称', source: '来源',
      add: '添加', addTitle: '添加日期', editTitle: '修改 {date}',
      deleteConfirm: '从日历中删除 {date}（{name}）？该日将按工作周计算。', deleted: '已删除 {date}',
      saved: '已保存 {date}',
      import: '导入', importTitle: '导入日期',
      importHint: '每行一天：日期,类型,中文名称,英文名称（如 2027-01-01,休,元旦,New Year\'s Day）。首行标题可有可无；类型可写 holiday / 休 / 放假 或 workday / 班 / 上班。全部无误才会导入，已有的同一天将被替换。',
      importPaste: '粘贴 CSV 内容', importFile: '选择 CSV 文件', importPreview: '预览',
      importRows: '共 {n} 行', importBad: '{n} 行有问题，请改正后再导入', importNone: '没有可导入的行',
      importSubmit: '全部导入', imported: '已导入 {n} 天', line: '行',
      calc: '推算', calcHint: '从某一时间起加若干工作日或工作小时，得出各项规则的到期时间，便于核对日历。',
      calcFrom: '起始时间', calcN: '数量', calcUnit: '单位', units: { days: '个工作日', hours: '个工作小时' },
      calcSubmit: '推算', calcResult: '结果：{at}（{weekday}）', calcBad: '请填写起始时间和不小于 0 的数量（工作日须为整数）',
      readOnly: '只有管理员可以修改工作日历。',
      lunar: {
        label: '农历', title: '农历换算',
        hint: '公历与农历互换（1900–2100 年，含闰月），并推算农历生日、春节、中秋等农历日期下一次是哪一天：闰月生日在没有该闰月的年份按同名月过，三十在小月按廿九过。',
        modes: { toLunar: '公历 → 农历', toSolar: '农历 → 公历', next: '农历日期下一次' },
        from: '从哪天起', year: '农历年', month: '农历月', day: '农历日', leap: '闰月', submit: '换算',
        months: { 1: '正月', 2: '二月', 3: '三月', 4: '四月', 5: '五月', 6: '六月', 7: '七月', 8: '八月', 9: '九月', 10: '十月', 11: '冬月（十一月）', 12: '腊月（十二月）' },
        days: { 1: '初一', 2: '初二', 3: '初三', 4: '初四', 5: '初五', 6: '初六', 7: '初七', 8: '初八', 9: '初九', 10: '初十', 11: '十一', 12: '十二', 13: '十三', 14: '十四', 15: '十五', 16: '十六', 17: '十七', 18: '十八', 19: '十九', 20: '二十', 21: '廿一', 22: '廿二', 23: '廿三', 24: '廿四', 25: '廿五', 26: '廿六', 27: '廿七', 28: '廿八', 29: '廿九', 30: '三十' },
        result: '公历 {date}（{weekday}），农历 {lunar}（{zodiac}年）',
        zodiac: { 0: '鼠', 1: '牛', 2: '虎', 3: '兔', 4: '龙', 5: '蛇', 6: '马', 7: '羊', 8: '猴', 9: '鸡', 10: '狗', 11: '猪' },
      },
      err: {
        date: '日期无效，应为 YYYY-MM-DD', kind: '类型应为 holiday/休/放假 或 workday/班/上班', tooLong: '最多 50 个字',
        twice: '同一天出现了两次', tooMany: '一次最多导入 2000 天',
      },
    },
  },
  en: {
    calendar: {
      nav: 'Business calendar', title: 'Business calendar',
      hint: 'Public holidays and swapped working days are listed per year; every other day follows the working week. Deadlines such as overdue loans and remedial actions count these working days and hours.',
      year: 'Year', prevYear: 'Previous year', nextYear: 'Next year',
      week: 'Working hours', weekValue: '{week} {start}–{end}', weekRange: '{from} to {to}', weekSep: ', ', noWeek: 'No working day set',
      weekEdit: 'Change the working week and hours under Settings › Parameters',
      weekdays: { 1: 'Monday', 2: 'Tuesday', 3: 'Wednesday', 4: 'Thursday', 5: 'Friday', 6: 'Saturday', 7: 'Sunday' },
      weekdaysShort: { 1: 'Mo', 2: 'Tu', 3: 'We', 4: 'Th', 5: 'Fr', 6: 'Sa', 7: 'Su' },
      months: { 1: 'January', 2: 'February', 3: 'March', 4: 'April', 5: 'May', 6: 'June', 7: 'July', 8: 'August', 9: 'September', 10: 'October', 11: 'November', 12: 'December' },
      kinds: { holiday: 'Holiday', workday: 'Worked day (swapped)', weekend: 'Weekend', normal: 'Working day' },
      badge: { holiday: 'H', workday: 'W' },
      legend: 'Legend',
      sources: { official: 'Official', company: 'Company' },
      list: 'Days listed this year', listEmpty: 'No holiday or swapped working day is listed for {year}; every day follows the working week.',
      date: 'Date', weekday: 'Weekday', kind: 'Kind', name: 'Name', nameZh: 'Name (Chinese)', nameEn: 'Name (English)', source: 'Source',
      add: 'Add day', addTitle: 'Add a day', editTitle: 'Edit {date}',
      deleteConfirm: 'Remove {date} ({name}) from the calendar? The day then follows the working week.', deleted: '{date} removed',
      saved: '{date} saved',
      import: 'Import', importTitle: 'Import days',
      importHint: 'One day per line: date,kind,Chinese name,English name (e.g. 2027-01-01,holiday,New Year,New Year\'s Day). The header line is optional; the kind may be holiday or workday, or their Chinese words. Nothing is imported unless every line is right; a day already listed is replaced.',
      importPaste: 'Paste the CSV', importFile: 'Choose a CSV file', importPreview: 'Preview',
      importRows: '{n} lines', importBad: '{n} lines have problems; correct them before importing', importNone: 'Nothing to import',
      importSubmit: 'Import all', imported: '{n} days imported', line: 'Line',
      calc: 'Calculate', calcHint: 'Add working days or business hours to a time, as the rules do, to check the calendar.',
      calcFrom: 'From', calcN: 'Amount', calcUnit: 'Unit', units: { days: 'working days', hours: 'business hours' },
      calcSubmit: 'Calculate', calcResult: 'Result: {at} ({weekday})', calcBad: 'Give a start time and an amount of at least 0 (whole working days)',
      readOnly: 'Only an administrator may change the business calendar.',
      lunar: {
        label: 'Lunar date', title: 'Lunar dates',
        hint: 'Convert between the Gregorian and the Chinese lunar calendar (1900–2100, leap months included), and find the next day a lunar date such as a lunar birthday, the Spring Festival or Mid-Autumn falls on: a leap-month birthday is kept in the month of the same number in years without that leap month, and day 30 on day 29 of a short month.',
        modes: { toLunar: 'Gregorian → lunar', toSolar: 'Lunar → Gregorian', next: 'Next occurrence' },
        from: 'From', year: 'Lunar year', month: 'Lunar month', day: 'Lunar day', leap: 'Leap month', submit: 'Convert',
        months: { 1: '1st month', 2: '2nd month', 3: '3rd month', 4: '4th month', 5: '5th month', 6: '6th month', 7: '7th month', 8: '8th month', 9: '9th month', 10: '10th month', 11: '11th month', 12: '12th month' },
        days: { 1: '1', 2: '2', 3: '3', 4: '4', 5: '5', 6: '6', 7: '7', 8: '8', 9: '9', 10: '10', 11: '11', 12: '12', 13: '13', 14: '14', 15: '15', 16: '16', 17: '17', 18: '18', 19: '19', 20: '20', 21: '21', 22: '22', 23: '23', 24: '24', 25: '25', 26: '26', 27: '27', 28: '28', 29: '29', 30: '30' },
        result: '{date} ({weekday}), lunar {lunar} (year of the {zodiac})',
        zodiac: { 0: 'Rat', 1: 'Ox', 2: 'Tiger', 3: 'Rabbit', 4: 'Dragon', 5: 'Snake', 6: 'Horse', 7: 'Goat', 8: 'Monkey', 9: 'Rooster', 10: 'Dog', 11: 'Pig' },
      },
      err: {
        date: 'Not a valid date; write YYYY-MM-DD', kind: 'The kind is holiday or workday', tooLong: 'At most 50 characters',
        twice: 'The same day is listed twice', tooMany: 'At most 2000 days per import',
      },
    },
  },
}
