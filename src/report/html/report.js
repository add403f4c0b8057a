
// Sorting and filtering for the table of secrets. The page reads whole without it. Data
// comes from the JSON block, and every string reaches the page through textContent only.
(function () {
  'use strict';
  var dataBlock = document.getElementById('audit-data');
  var table = document.getElementById('secrets');
  if (!dataBlock || !table) return;
  var rows = JSON.parse(dataBlock.textContent).rows.map(function (row, order) {
    row.order = order;
    row.element = document.getElementById(row.id);
    return row;
  }).filter(function (row) { return row.element; });

  var search = document.getElementById('filter-text');
  var verdict = document.getElementById('filter-verdict');
  var triage = document.getElementById('filter-triage');
  var status = document.getElementById('filter-status');

  function matches(row) {
    var words = search.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    var triageWanted = triage.value;
    return words.every(function (word) { return row.search.indexOf(word) >= 0; }) &&
      (!verdict.value || row.state === verdict.value) &&
      (!triageWanted || (triageWanted === 'alarm' ? row.alarm : row.status === triageWanted));
  }

  function filter() {
    var shown = 0;
    rows.forEach(function (row) {
      var isMatch = matches(row);
      row.element.hidden = !isMatch;
      if (isMatch) shown += 1;
    });
    status.textContent = 'Showing ' + shown + ' of ' + rows.length + ' secrets';
  }

  // Text keys sort A to Z with empty values last; number keys sort most urgent (smallest
  // rank) or most (largest count) first on the first click.
  var countKeys = { repos: true, places: true };
  function compare(key, direction) {
    return function (a, b) {
      var x = a[key], y = b[key], order;
      if (x === y || (x == null && y == null)) {
        order = 0;
      } else if (x == null || x === '') {
        return 1;
      } else if (y == null || y === '') {
        return -1;
      } else if (typeof x === 'number') {
        order = countKeys[key] ? y - x : x - y;
      } else {
        order = String(x).localeCompare(String(y));
      }
      return (order * direction) || (a.order - b.order);
    };
  }

  var headers = Array.prototype.slice.call(table.querySelectorAll('thead th[data-sort]'));
  function sortBy(header) {
    var key = header.getAttribute('data-sort');
    var direction = header.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
    headers.forEach(function (h) { h.removeAttribute('aria-sort'); });
    header.setAttribute('aria-sort', direction === 1 ? 'ascending' : 'descending');
    rows.slice().sort(compare(key, direction)).forEach(function (row) {
      table.appendChild(row.element);
    });
  }

  headers.forEach(function (header) {
    var button = document.createElement('button');
    button.type = 'button';
    button.textContent = header.textContent;
    header.textContent = '';
    header.appendChild(button);
    button.addEventListener('click', function () { sortBy(header); });
  });

  [search, verdict, triage].forEach(function (control) {
    control.addEventListener('input', filter);
  });
  document.getElementById('secret-controls').hidden = false;
  filter();

  // Printing shows every row's places and steps; closed details would print as one line.
  var opened = [];
  window.addEventListener('beforeprint', function () {
    opened = Array.prototype.filter.call(document.querySelectorAll('details'), function (d) {
      return !d.open;
    });
    opened.forEach(function (d) { d.open = true; });
  });
  window.addEventListener('afterprint', function () {
    opened.forEach(function (d) { d.open = false; });
  });
}());
