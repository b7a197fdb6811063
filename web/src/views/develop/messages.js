// The texts of the new-customer development 客户开发 pages (R-DEV-1, R-DEV-2), the `develop`
// namespace of the module's messages: zh-CN first, then English.
export default {
  'zh-CN': {
    develop: {
      nav: '客户开发', title: '客户开发', add: '登记候选客户', criteriaLink: '评分标准', allStages: '全部阶段',
      loadFailed: '无法读取候选客户：{msg}',
      stages: {
        candidate: '候选', general: '一般调查', site: '实地调查', application: '认定申请', approved: '认定批准',
        contracted: '签订合同', admitted: '已认定', dropped: '已放弃',
      },
      sections: {
        candidate: '基本信息', general: '一般调查', site: '实地调查', application: '认定申请', approved: '合同签订',
      },
      fields: {
        name: '名称', uscc: '统一社会信用代码', contact: '联系人', phone: '电话', history: '企业沿革', profile: '企业概况',
        annual_accounts: '最新年度决算', catalogue: '产品指南与目录', talks: '与负责人的商谈', site_visited_on: '实地调查日期',
        site_team: '调查小组', site_findings: '实地调查结果', reason: '交易理由', trading_policy: '交易方针',
        goods_amounts: '交易商品与金额', findings: '调查资料与结果', supply_signed_on: '供货合同签订日期',
        quality_signed_on: '质量保证合同签订日期', payment_terms: '付款方式', scores: '选择标准评分',
      },
      col: { name: '名称', uscc: '统一社会信用代码', contact: '联系人', stage: '阶段', owner: '负责人', updated: '更新时间', customer: '客户' },
      form: { title: '登记候选客户', save: '保存', cancel: '取消', created: '候选客户已登记', saved: '已保存', noChange: '没有改动' },
      detail: {
        back: '返回', notFound: '没有这个候选客户，或您无权查看', owner: '负责人', path: '开发进程', next: '进入下一阶段：{stage}',
        apply: '提出认定申请', admit: '完成认定', advanced: '已进入：{stage}', applied: '认定申请已提交审批',
        refused: '还不能进入下一阶段', gaps: '尚缺：', approval: '认定申请', openApproval: '查看审批申请',
        pending: '认定申请正在审批，审批期间不能修改。', rejected: '认定申请未获批准，可修改后重新申请。',
        customer: '已认定为客户', dropped: '已放弃', dropReason: '放弃原因', drop: '放弃',
        files: '附件（调查资料、合同等）', save: '保存本节',
      },
      approvalStates: { pending: '审批中', approved: '已同意', rejected: '已驳回', withdrawn: '已撤回', returned: '已退回' },
      scores: {
        title: '选择标准评分', criterion: '选择标准', weight: '权重', score: '评分（0–10）', total: '综合评分',
        totalHint: '综合评分 = Σ 评分 × 权重 ÷ Σ 权重，全部标准评分后由系统计算', none: '未评完', save: '保存评分',
        saved: '评分已保存', when: '实地调查和认定申请阶段评分',
      },
      drop: {
        title: '放弃候选客户', of: '候选客户：{name}', reason: '放弃原因', reasonHint: '如：对方无意合作', submit: '放弃',
        keep: '不放弃', done: '已放弃这个候选客户',
      },
      criteria: {
        title: '选择标准与权重', intro: '新客户认定时按以下标准评分（0–10），综合评分按权重加权平均。', code: '代码',
        name: '选择标准', weight: '权重（0–100）', share: '占比', save: '保存权重', saved: '权重已保存',
      },
      err: {
        required: '请填写', tooLong: '最多 {n} 个字', date: '请选择日期', future: '日期不能晚于今天', uscc: '统一社会信用代码为 18 位字母或数字',
        score: '评分为 0 到 10 的整数', weightRange: '权重为 0 到 100 的整数', weightsZero: '权重不能全部为 0', weightsNone: '没有评分标准',
      },
    },
  },
  en: {
    develop: {
      nav: 'New customers', title: 'New-customer development', add: 'Register a candidate', criteriaLink: 'Selection criteria', allStages: 'All stages',
      loadFailed: 'The candidates could not be read: {msg}',
      stages: {
        candidate: 'Candidate', general: 'General investigation', site: 'On-site investigation', application: 'Admission application',
        approved: 'Approved', contracted: 'Contracts signed', admitted: 'Admitted', dropped: 'Dropped',
      },
      sections: {
        candidate: 'Basic information', general: 'General investigation', site: 'On-site investigation', application: 'Admission application',
        approved: 'Contracts',
      },
      fields: {
        name: 'Name', uscc: 'Unified social credit code', contact: 'Contact', phone: 'Phone', history: 'Company history', profile: 'Company profile',
        annual_accounts: 'Latest annual accounts', catalogue: 'Product catalogue', talks: 'Talks with its heads', site_visited_on: 'Site visit date',
        site_team: 'Investigation team', site_findings: 'Site findings', reason: 'Reason to trade', trading_policy: 'Trading policy',
        goods_amounts: 'Goods and amounts', findings: 'Investigation results', supply_signed_on: 'Supply contract signed on',
        quality_signed_on: 'Quality-assurance contract signed on', payment_terms: 'Payment terms', scores: 'Criteria scores',
      },
      col: { name: 'Name', uscc: 'Credit code', contact: 'Contact', stage: 'Stage', owner: 'Owner', updated: 'Updated', customer: 'Customer' },
      form: { title: 'Register a candidate', save: 'Save', cancel: 'Cancel', created: 'Candidate registered', saved: 'Saved', noChange: 'Nothing changed' },
      detail: {
        back: 'Back', notFound: 'No such candidate, or you may not see it', owner: 'Owner', path: 'Progress', next: 'Move on to: {stage}',
        apply: 'Apply for admission', admit: 'Admit as customer', advanced: 'Now at: {stage}', applied: 'The admission application awaits approval',
        refused: 'It cannot move on yet', gaps: 'Missing: ', approval: 'Admission application', openApproval: 'Open the approval request',
        pending: 'The admission application awaits its decision; nothing can be changed meanwhile.',
        rejected: 'The admission application was not approved; change it and apply again.',
        customer: 'Admitted as customer', dropped: 'Dropped', dropReason: 'Reason for dropping', drop: 'Drop',
        files: 'Files (investigation documents, contracts…)', save: 'Save this section',
      },
      approvalStates: { pending: 'Pending', approved: 'Approved', rejected: 'Rejected', withdrawn: 'Withdrawn', returned: 'Returned' },
      scores: {
        title: 'Selection criteria scores', criterion: 'Criterion', weight: 'Weight', score: 'Score (0–10)', total: 'Overall score',
        totalHint: 'Overall score = Σ score × weight ÷ Σ weight, computed once every criterion is scored', none: 'Not all scored',
        save: 'Save the scores', saved: 'Scores saved', when: 'Scored at the on-site investigation and admission application stages',
      },
      drop: {
        title: 'Drop the candidate', of: 'Candidate: {name}', reason: 'Reason', reasonHint: 'e.g. they do not wish to trade', submit: 'Drop',
        keep: 'Keep it', done: 'Candidate dropped',
      },
      criteria: {
        title: 'Selection criteria and weights', intro: 'A new customer is scored 0–10 on each criterion; the overall score is the weighted mean.',
        code: 'Code', name: 'Criterion', weight: 'Weight (0–100)', share: 'Share', save: 'Save the weights', saved: 'Weights saved',
      },
      err: {
        required: 'Required', tooLong: 'At most {n} characters', date: 'Choose a date', future: 'The date cannot be after today',
        uscc: 'The unified social credit code is 18 letters or digits', score: 'A whole number from 0 to 10',
        weightRange: 'A whole number from 0 to 100', weightsZero: 'The weights cannot all be 0', weightsNone: 'There are no criteria',
      },
    },
  },
}
