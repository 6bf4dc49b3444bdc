// sagebridge console: the only script of the pages (no inline script anywhere). Pages work without it; with it, the
// Runs page follows each live change set over server-sent events (sent / left).
'use strict';
(function () {
  function follow(row) {
    var id = row.getAttribute('data-run');
    var source = new EventSource('/console/runs/' + encodeURIComponent(id) + '/events');
    source.addEventListener('progress', function (event) {
      var p = JSON.parse(event.data);
      row.querySelector('[data-field="status"]').textContent = p.status;
      row.querySelector('[data-field="sent"]').textContent = String(p.sent);
      row.querySelector('[data-field="left"]').textContent = String(p.left);
      var bar = row.querySelector('progress');
      bar.max = p.total;
      bar.value = p.sent;
      if (p.status !== 'approved' && p.status !== 'executing') source.close();
    });
    source.onerror = function () {
      source.close();
    };
  }
  document.addEventListener('DOMContentLoaded', function () {
    var rows = document.querySelectorAll('tr[data-run][data-live="yes"]');
    for (var i = 0; i < rows.length; i++) follow(rows[i]);
  });
})();
