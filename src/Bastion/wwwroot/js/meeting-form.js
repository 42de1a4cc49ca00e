// 录入会议 form: attendance starts 未签到 for everyone who did not check in. The rows count what is still unmarked,
// "未签到的全部出席" marks the rest 出席 in one explicit act, a chosen 所属年度 survives roster reloads, and the hint's
// buttons switch the 召开组织 (to a 党小组 for 党小组会) — the roster then reloads by htmx.
(function () {
  function refresh(roster) {
    var rows = roster.querySelectorAll('tr.bb-attendance-row');
    var unmarked = 0;
    rows.forEach(function (row) {
      var radios = row.querySelectorAll('input[type=radio]');
      if (radios.length === 0) return; // checked in
      var checked = row.querySelector('input[type=radio]:checked');
      row.dataset.status = checked ? checked.value : '未签到';
      var badge = row.querySelector('.bb-unmarked-badge');
      if (badge) badge.hidden = !!checked;
      if (!checked) unmarked++;
    });
    roster.dataset.unmarked = String(unmarked);
    var note = roster.querySelector('#unmarked-note');
    if (note) note.innerHTML = unmarked > 0
      ? '<span>未签到 <strong id="unmarked-count">' + unmarked + '</strong> 人，请逐一标记出席、请假或缺席</span>'
      : '<span>全部已标记（<strong id="unmarked-count">0</strong> 人未签到）</span>';
    var all = roster.querySelector('#mark-all-present');
    if (all) all.hidden = unmarked === 0;
  }

  function init(roster) {
    if (!roster || roster.dataset.ready) return;
    roster.dataset.ready = '1';
    refresh(roster);
    roster.addEventListener('change', function (e) {
      if (e.target.matches('input[type=radio]')) refresh(roster);
      if (e.target.id === 'YearOf') { var chosen = roster.querySelector('#YearOfChosen'); if (chosen) chosen.value = 'true'; }
    });
    roster.addEventListener('click', function (e) {
      var all = e.target.closest('#mark-all-present');
      if (all) {
        roster.querySelectorAll('tr.bb-attendance-row').forEach(function (row) {
          if (row.querySelector('input[type=radio]:checked')) return;
          var present = row.querySelector('input[type=radio][value="出席"]');
          if (present) present.checked = true;
        });
        refresh(roster);
        return;
      }
      var choose = e.target.closest('.bb-choose-org');
      if (choose) {
        var org = document.getElementById('OrgId');
        if (!org || org.disabled) return;
        org.value = choose.dataset.org;
        org.dispatchEvent(new Event('change', { bubbles: true }));
      }
    });
  }

  document.addEventListener('DOMContentLoaded', function () { init(document.getElementById('roster')); });
  document.addEventListener('htmx:afterSwap', function () { init(document.getElementById('roster')); });
})();
