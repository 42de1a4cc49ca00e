-- The national holiday arrangements the platform ships (国务院办公厅 年度部分节假日安排), one row per year: every day
-- off (法定节假日 with the weekends and moved days of each block) and every weekend day worked (调休上班). Checked
-- against the notices: each year nets 13 statutory weekdays off (全国年节及纪念日放假办法, 2024 revision). Editable
-- afterwards by the 系统管理员 (/Admin/Calendar); a year without a row (2027 until its notice is recorded) counts
-- Monday–Friday and every answer touching it is 暂算. An existing row (edited before this file ran) is kept.
INSERT INTO holiday_years (year, days_off, makeup_workdays, source, updated_at, updated_by) VALUES
(2025,
 '{2025-01-01,2025-01-28,2025-01-29,2025-01-30,2025-01-31,2025-02-01,2025-02-02,2025-02-03,2025-02-04,2025-04-04,2025-04-05,2025-04-06,2025-05-01,2025-05-02,2025-05-03,2025-05-04,2025-05-05,2025-05-31,2025-06-01,2025-06-02,2025-10-01,2025-10-02,2025-10-03,2025-10-04,2025-10-05,2025-10-06,2025-10-07,2025-10-08}',
 '{2025-01-26,2025-02-08,2025-04-27,2025-09-28,2025-10-11}',
 '国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）', now(), '平台预置'),
(2026,
 '{2026-01-01,2026-01-02,2026-01-03,2026-02-15,2026-02-16,2026-02-17,2026-02-18,2026-02-19,2026-02-20,2026-02-21,2026-02-22,2026-02-23,2026-04-04,2026-04-05,2026-04-06,2026-05-01,2026-05-02,2026-05-03,2026-05-04,2026-05-05,2026-06-19,2026-06-20,2026-06-21,2026-09-25,2026-09-26,2026-09-27,2026-10-01,2026-10-02,2026-10-03,2026-10-04,2026-10-05,2026-10-06,2026-10-07}',
 '{2026-01-04,2026-02-14,2026-02-28,2026-05-09,2026-09-20,2026-10-10}',
 '国务院办公厅关于2026年部分节假日安排的通知（国办发明电〔2025〕7号）', now(), '平台预置')
ON CONFLICT (year) DO NOTHING;
