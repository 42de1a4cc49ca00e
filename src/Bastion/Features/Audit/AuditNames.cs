using Bastion.Domain;

namespace Bastion.Features.Audit;

/// <summary>
/// The words the audit viewer shows: a Chinese name for every action code and every audited table that can appear
/// in audit_log (a unit test fails on a missing one), the results, and the Chinese names of common fields.
/// </summary>
public static class AuditNames
{
    /// <summary>Action codes: the entity changes written by AppDbContext and the events written through AuditEvents.</summary>
    public static readonly IReadOnlyDictionary<string, string> Actions = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["create"] = "新增",
        ["update"] = "修改",
        ["delete"] = "删除",
        ["signin"] = "登录",
        ["signin.password"] = "登录（密码通过，待验证码）",
        ["signin.2fa"] = "双因素验证",
        ["user.sessions.end"] = "结束账号全部会话（并撤销API令牌）",
        ["signin.lockout"] = "账号锁定",
        ["signout"] = "退出登录",
        ["password.change"] = "修改密码",
        ["2fa.enable"] = "启用双因素认证",
        ["2fa.key"] = "生成双因素密钥",
        ["2fa.disable"] = "关闭双因素认证",
        ["api.token"] = "获取API令牌",
        ["personal.view"] = "查看个人信息（完整）",
        ["personal.view_full"] = "查看党员完整信息",
        ["personal.view_discipline"] = "查看党员奖惩记录",
        ["members.import"] = "导入党员花名册",
        ["dues.bases.import"] = "导入党费基数（工资表）",
        ["dues.statement.import"] = "导入党费缴纳流水（银行对账单/微信收款记录）",
        ["members.export"] = "导出党员名册",
        ["meetings.export"] = "导出组织生活",
        ["leave_requests.export"] = "导出请假记录",
        ["ledger.export"] = "导出台账",
        ["volunteer_books.export"] = "导出入党志愿书登记表",
        ["inspection_expressions.export"] = "导出巡言巡语",
        ["inspection.report.download"] = "下载巡察报告（含线索）",
        ["inspection.document.export"] = "导出巡察文书",
        ["inspection.clue.list"] = "查看问题线索清单",
        ["inspection.clue.read"] = "查看问题线索",
        ["inspection.finding.read"] = "查看巡察问题（被拒绝）",
        ["audit.export"] = "导出审计日志",
        ["account.link_member"] = "账号关联党员",
        ["account.unlink_member"] = "解除账号与党员的关联",
        ["account.create_for_member"] = "为党员开通账号",
        ["account.bulk_create"] = "批量开通党员账号",
        ["account.member_grant_moved"] = "党员角色随组织关系转移",
        ["account.disabled_on_leaving"] = "党员离开后停用账号",
        ["meetings.record.export"] = "导出会议记录（Word）",
        ["meetings.book.export"] = "导出全年会议记录（Word）",
        ["meetings.import"] = "导入历史会议",
        ["development.step_date_edit"] = "修改发展党员步骤日期",
        ["development.documents_moved"] = "发展党员材料随档案转入",
        ["development.publicity.export"] = "导出发展党员公示",
        ["development.admission_list.export"] = "导出拟吸收预备党员名单汇总审批表",
        ["development.confirmation_list.export"] = "导出申请转正预备党员汇总预审表",
        ["development.record.export"] = "导出发展党员纪实表",
        ["development.plan.export"] = "导出年度发展党员计划完成情况",
        ["dues.month.start"] = "启动党费月份（快照应交）",
        ["dues.entry.due_changed"] = "修改党费应交金额",
        ["dues.report.return"] = "退回下级党费报送",
        ["dues.report.remind"] = "催报党费",
        ["dues.export"] = "导出党费报表",
    };

    /// <summary>Audited tables (every mapped table of the model, and the tables events name).</summary>
    public static readonly IReadOnlyDictionary<string, string> Tables = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["users"] = "账号",
        ["user_claims"] = "账号声明",
        ["user_logins"] = "外部登录",
        ["user_tokens"] = "身份验证器",
        ["role_grants"] = "角色授权",
        ["role_policies"] = "安全策略",
        ["api_tokens"] = "API令牌",
        ["user_sessions"] = "登录会话",
        ["sign_in_counters"] = "登录限流计数",
        ["data_protection_keys"] = "密钥",
        ["audit_log"] = "审计日志",
        ["notifications"] = "通知",
        ["outbox_messages"] = "待发短信/消息",
        ["organizations"] = "组织",
        ["org_history"] = "组织沿革",
        ["org_joint_units"] = "联合党支部单位",
        ["org_terms"] = "换届",
        ["org_term_members"] = "班子成员",
        ["org_member_counts"] = "组织党员人数",
        ["term_reminders_sent"] = "换届提醒",
        ["liaison_links"] = "党建联系点",
        ["liaison_visits"] = "联系点调研指导",
        ["members"] = "党员",
        ["member_changes"] = "党员关键信息变更",
        ["member_corrections"] = "党员信息更正申请",
        ["member_family_members"] = "家庭成员",
        ["member_memberships"] = "党员所在支部记录",
        ["member_photos"] = "党员照片",
        ["member_posts"] = "党内职务",
        ["member_rewards_penalties"] = "奖惩情况",
        ["member_appraisals"] = "民主评议结果",
        ["member_transfers"] = "组织关系转接",
        ["letter_number_ranges"] = "介绍信编号段",
        ["volunteer_book_ranges"] = "入党志愿书编号段（发放登记）",
        ["volunteer_book_uses"] = "入党志愿书编号使用登记",
        ["volunteer_book_spoils"] = "入党志愿书作废/遗失登记",
        ["import_jobs"] = "花名册导入任务",
        ["meetings"] = "会议",
        ["meeting_attendance"] = "会议出勤",
        ["meeting_attachments"] = "会议附件",
        ["development_cases"] = "发展党员档案",
        ["development_steps"] = "发展党员步骤",
        ["development_step_members"] = "培养联系人和入党介绍人",
        ["development_sponsor_changes"] = "更换入党介绍人",
        ["development_documents"] = "发展党员材料",
        ["development_queue"] = "发展党员待办",
        ["development_transfers"] = "发展党员转出转入",
        ["development_plans"] = "年度发展党员计划",
        ["meeting_versions"] = "会议记录版本",
        ["meeting_leave_requests"] = "请假申请",
        ["meeting_month_stats"] = "会议月度统计",
        ["branch_settings"] = "支部主题党日设置",
        ["talks"] = "谈心谈话",
        ["appraisal_rounds"] = "民主评议",
        ["appraisal_entries"] = "民主评议评定",
        ["appraisal_followups"] = "不合格党员处置",
        ["compliance_rules"] = "达标规则",
        ["compliance_exemptions"] = "达标豁免",
        ["compliance_reminders_sent"] = "达标提醒",
        ["ledger_items"] = "台账事项",
        ["ledger_transitions"] = "台账办理记录",
        ["ledger_evidence"] = "台账佐证材料",
        ["inspection_rounds"] = "巡察轮次",
        ["inspection_targets"] = "被巡察党组织",
        ["inspection_team_members"] = "巡察组成员",
        ["inspection_phase_entries"] = "巡察阶段记录",
        ["inspection_findings"] = "巡察问题",
        ["inspection_finding_versions"] = "巡察问题版本",
        ["inspection_finding_messages"] = "巡察问题沟通",
        ["inspection_finding_attachments"] = "巡察问题附件",
        ["inspection_clue_transfers"] = "问题线索移交",
        ["inspection_expressions"] = "巡言巡语",
        ["united_front_people"] = "党外人士",
        ["united_front_contacts"] = "统战联系记录",
        ["holiday_years"] = "节假日安排",
        ["dues_rate_tables"] = "党费标准",
        ["dues_rate_brackets"] = "党费标准档次",
        ["dues_profiles"] = "党员党费类别",
        ["dues_bases"] = "党费基数",
        ["dues_unit_settings"] = "单位党费设置",
        ["dues_months"] = "党费月份",
        ["dues_entries"] = "党员月度应交党费",
        ["dues_payments"] = "党费缴纳记录",
        ["dues_branch_reports"] = "支部党费报送",
        ["dues_report_returns"] = "党费报送退回",
        ["dues_reductions"] = "党费减免",
        ["dues_remittances"] = "党费上缴",
        ["dues_retentions"] = "党费留存许可",
        ["dues_spendings"] = "党费使用",
        ["dues_arrears_notices"] = "欠交党费提醒",
        ["dues_statement_lines"] = "党费流水导入明细",
    };

    public static readonly IReadOnlyDictionary<string, string> Results = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["success"] = "成功", ["failure"] = "失败", ["lockout"] = "锁定", ["denied"] = "拒绝",
    };

    public static string Action(string code) => Actions.TryGetValue(code, out var n) ? n : code;

    public static string Table(string? table) => table is null ? "" : Tables.TryGetValue(table, out var n) ? n : table;

    public static string Result(string code) => Results.TryGetValue(code, out var n) ? n : code;

    /// <summary>Chinese names of the fields that rows and event details hold, where known (else the stored name).</summary>
    public static string Field(string field) => Fields.TryGetValue(field, out var n) ? n : field;

    private static readonly Dictionary<string, string> Fields = new(StringComparer.Ordinal)
    {
        ["id"] = "编号", ["name"] = "名称/姓名", ["org_id"] = "所属组织", ["parent_id"] = "上级组织", ["path"] = "组织路径", ["type"] = "类型",
        ["status"] = "状态", ["state"] = "状态", ["sort_order"] = "排序", ["created_at"] = "创建时间", ["created_by"] = "创建人", ["updated_at"] = "更新时间",
        ["updated_by"] = "更新人", ["dissolved_at"] = "撤销时间", ["merged_into_id"] = "并入组织",
        ["gender"] = "性别", ["id_number"] = "公民身份号码", ["birth_date"] = "出生日期", ["ethnicity"] = "民族", ["native_place"] = "籍贯",
        ["education"] = "学历", ["degree"] = "学位", ["employer"] = "工作单位", ["position"] = "工作岗位", ["phone"] = "联系电话", ["phone_number"] = "手机号码",
        ["category"] = "类别", ["joined_at"] = "入党日期", ["confirmed_at"] = "转正日期", ["party_status"] = "党籍状态", ["party_status_date"] = "党籍状态日期",
        ["party_status_reason"] = "党籍状态原因", ["is_mobile"] = "流动党员", ["mobile_destination"] = "外出流向", ["mobile_contact"] = "流动联系方式",
        ["probation_extension_months"] = "延长预备期（月）", ["member_id"] = "党员", ["user_id"] = "账号", ["user_name"] = "账号名", ["display_name"] = "显示名称",
        ["email"] = "电子邮箱", ["normalized_email"] = "电子邮箱（规范化）", ["normalized_user_name"] = "账号名（规范化）", ["is_disabled"] = "已停用",
        ["two_factor_enabled"] = "双因素认证", ["lockout_enabled"] = "允许锁定", ["lockout_end"] = "锁定至", ["access_failed_count"] = "登录失败次数",
        ["last_sign_in_at"] = "最近登录", ["must_change_password"] = "须修改密码", ["email_confirmed"] = "邮箱已确认", ["phone_number_confirmed"] = "手机已确认",
        ["role"] = "角色", ["granted_at"] = "授权时间", ["granted_by"] = "授权人", ["require_two_factor"] = "要求双因素认证",
        ["title"] = "标题", ["body"] = "内容", ["url"] = "链接", ["read_at"] = "阅读时间", ["text"] = "文字", ["channel"] = "渠道", ["sent_at"] = "发送时间",
        ["topic"] = "主题", ["place"] = "地点", ["held_at"] = "召开时间", ["ends_at"] = "结束时间", ["kinds"] = "会议类型", ["agenda"] = "议程",
        ["minutes_html"] = "会议记录", ["resolutions"] = "决议", ["expected"] = "应到", ["present"] = "实到", ["absent"] = "缺席", ["on_leave"] = "请假",
        ["quorum_met"] = "达到法定人数", ["host_member_id"] = "主持人", ["recorder_member_id"] = "记录人", ["lecturer_member_id"] = "讲课人",
        ["recorded_at"] = "记录时间", ["recorded_by"] = "记录人", ["version"] = "版本", ["meeting_id"] = "会议", ["attendance"] = "出勤",
        ["reason"] = "原因", ["decided_at"] = "审批时间", ["decided_by"] = "审批人", ["decision_note"] = "审批意见",
        ["held_on"] = "谈话日期", ["talker_member_id"] = "谈话人", ["topics"] = "谈话内容", ["follow_up"] = "后续跟进",
        ["year"] = "年度", ["grade"] = "评定等次", ["round_id"] = "轮次",
        ["deadline"] = "期限", ["owner_name"] = "责任人", ["verifier_name"] = "核验人", ["source"] = "来源", ["priority"] = "优先级", ["description"] = "说明",
        ["item_id"] = "台账事项", ["action"] = "动作", ["from_state"] = "原状态", ["to_state"] = "新状态", ["actor_name"] = "操作人", ["at"] = "时间",
        ["file_name"] = "文件名", ["size"] = "大小", ["sha256"] = "文件摘要",
        ["finding_id"] = "巡察问题", ["target_id"] = "被巡察党组织", ["phase"] = "阶段", ["facts"] = "事实", ["evidence"] = "证据", ["basis"] = "依据",
        ["responsible_persons"] = "责任人", ["recommendation"] = "建议", ["starts_on"] = "开始日期", ["ends_on"] = "结束日期",
        ["letter_no"] = "介绍信编号", ["from_org_name"] = "转出组织", ["to_org_name"] = "转入组织", ["kind"] = "类别",
        ["date"] = "日期", ["issuer"] = "批准机关", ["doc_no"] = "文号", ["relation"] = "关系", ["political_status"] = "政治面貌", ["post"] = "职务",
        ["start_date"] = "开始日期", ["end_date"] = "结束日期", ["notes"] = "备注", ["party"] = "党派", ["contact_date"] = "联系日期",
        // event details
        ["detail"] = "说明", ["rows"] = "行数", ["created"] = "新增", ["unmasked"] = "含完整个人信息", ["query"] = "查询条件", ["via"] = "途径",
        ["count"] = "条数", ["fields"] = "字段", ["page"] = "页面", ["target"] = "被巡察党组织", ["clues"] = "线索", ["finding"] = "巡察问题",
        ["bytes"] = "字节", ["idNumbers"] = "公民身份号码", ["by"] = "操作人", ["filter"] = "筛选条件", ["view"] = "视图",
        ["year_of"] = "所属年度", ["delivery"] = "密码交付", ["scheme"] = "用户名规则", ["skipped"] = "跳过", ["failed"] = "失败",
        ["because"] = "原因", ["memberId"] = "党员", ["existing"] = "已存在", ["photos"] = "照片", ["meeting"] = "会议",
    };

    /// <summary>Chinese for the English words some event details were written with (sign-in failures, delivery and
    /// naming schemes); other values are shown as stored.</summary>
    public static string? KnownValue(string value) => Values.TryGetValue(value, out var n) ? n : null;

    private static readonly Dictionary<string, string> Values = new(StringComparer.Ordinal)
    {
        ["wrong password"] = "密码错误", ["unknown user"] = "用户名不存在", ["account disabled"] = "账号已停用",
        ["two-factor code required"] = "需要双因素验证码", ["sms"] = "短信发送", ["shown_once"] = "页面显示一次",
        ["Mobile"] = "手机号", ["PrefixSequence"] = "前缀加序号",
    };
}
