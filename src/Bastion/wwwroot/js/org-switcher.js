// The organization switcher in the top bar (Features/Shell/_OrgSwitcher.cshtml): opening it puts the cursor in the
// search box; ↓ from the box goes to the list (Bootstrap moves between the entries with ↑/↓); Enter in the box searches
// at once instead of choosing the first entry.
(function () {
    var form = document.getElementById('org-switcher');
    var search = document.getElementById('org-search');
    if (!form || !search) return;
    form.addEventListener('shown.bs.dropdown', function () { search.focus(); });
    search.addEventListener('keydown', function (e) {
        if (e.key === 'Enter') { e.preventDefault(); return; }
        if (e.key === 'ArrowDown') {
            var first = form.querySelector('#org-options .dropdown-item');
            if (first) { e.preventDefault(); first.focus(); }
        }
    });
})();
