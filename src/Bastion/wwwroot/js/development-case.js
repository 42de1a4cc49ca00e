// The case page's 支部大会 roster (steps 15 and 23): 全部到会 ticks every member not excluded, 全部赞成 fills the show of
// hands with the present voters who handed in no written vote; a line under the buttons counts them as boxes change.
(function () {
    var roster = document.getElementById('meeting-roster');
    if (!roster) return;
    var lines = function () { return Array.prototype.slice.call(roster.querySelectorAll('.roster-line')); };
    var voters = function () {
        return lines().filter(function (l) {
            return l.dataset.voting === '1' && l.querySelector('.roster-present').checked && !l.querySelector('.roster-excluded').checked && !l.querySelector('.roster-written').value;
        }).length;
    };
    var summary = function () {
        var present = lines().filter(function (l) { return l.querySelector('.roster-present').checked; }).length;
        document.getElementById('roster-summary').textContent = '已勾选到会' + present + '人，其中有表决权（不含书面表决）' + voters() + '人';
    };
    document.getElementById('all-present').addEventListener('click', function () {
        lines().forEach(function (l) { if (!l.querySelector('.roster-excluded').checked) l.querySelector('.roster-present').checked = true; });
        summary();
    });
    document.getElementById('all-for').addEventListener('click', function () {
        document.getElementById('VotesFor').value = voters();
        document.getElementById('VotesAgainst').value = 0;
        document.getElementById('VotesAbstain').value = 0;
        summary();
    });
    roster.addEventListener('change', summary);
    summary();
})();
