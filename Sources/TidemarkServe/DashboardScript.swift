/// The dashboard's script: reads the state from the URL (`?site=S` and
/// `period=P[&date=D]` or `from=D&to=D`), fetches the JSON API and builds
/// the page with DOM calls (text is never parsed as HTML). Every control is
/// a link or a form, so the state is always in the URL and the page works
/// with the keyboard.
enum DashboardScript {
    /// The script text; `lists` is the JSON of the top-list groups (`DashboardPage.listsJSON`).
    static func js(lists: String) -> String {
        "var LISTS = " + lists + ";\n" + body
    }

    private static let body = #"""
        (function () {
        'use strict';
        var PERIODS = [['day', 'Day'], ['7d', '7 days'], ['30d', '30 days'], ['month', 'Month'], ['year', 'Year']];
        var MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
        var SVGNS = 'http://www.w3.org/2000/svg';

        function $(id) { return document.getElementById(id); }
        function el(tag, attrs, text) {
          var e = document.createElement(tag);
          for (var k in attrs || {}) { if (attrs[k] !== null && attrs[k] !== undefined) e.setAttribute(k, attrs[k]); }
          if (text !== undefined && text !== null) e.textContent = String(text);
          return e;
        }
        function svg(tag, attrs) {
          var e = document.createElementNS(SVGNS, tag);
          for (var k in attrs) e.setAttribute(k, attrs[k]);
          return e;
        }
        function enc(s) { return encodeURIComponent(s); }
        function grouped(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ','); }
        function dayNum(d) { return Date.UTC(+d.slice(0, 4), +d.slice(5, 7) - 1, +d.slice(8, 10)) / 864e5; }
        function dayText(n) { return new Date(n * 864e5).toISOString().slice(0, 10); }
        function addDays(d, n) { return dayText(dayNum(d) + n); }
        // The first day of the month after the one holding `d`.
        function nextMonth(d) { return addDays(d.slice(0, 8) + '28', 4).slice(0, 8) + '01'; }
        function shortDay(d) { return +d.slice(8, 10) + ' ' + MONTHS[+d.slice(5, 7) - 1]; }
        function longDay(d) { return shortDay(d) + ' ' + d.slice(0, 4); }
        function percent(x) { return (Math.round(x * 1000) / 10).toFixed(1) + '%'; }
        function duration(s) {
          s = Math.round(s);
          function two(n) { return n < 10 ? '0' + n : String(n); }
          if (s < 60) return s + 's';
          if (s < 3600) return Math.floor(s / 60) + 'm ' + two(s % 60) + 's';
          return Math.floor(s / 3600) + 'h ' + two(Math.floor(s / 60) % 60) + 'm';
        }
        function api(path) {
          return fetch(path, {credentials: 'same-origin', headers: {Accept: 'application/json'}}).then(function (r) {
            return r.json().catch(function () { return {}; }).then(function (body) {
              if (!r.ok) throw new Error(body.detail || ('the server answered ' + r.status));
              return body;
            });
          });
        }
        function status(text) { $('status').textContent = text || ''; }
        function fail(err) {
          status('');
          var box = $('error');
          box.textContent = err && err.message ? err.message : String(err);
          box.hidden = false;
        }
        // The days a report covers: its window's local start date to the day before its end.
        function span(report) {
          return {from: report.window.start.slice(0, 10), to: addDays(report.window.end.slice(0, 10), -1)};
        }
        // Why a report that is not complete is not: 'going' when only days that
        // have not ended (today, in the site's zone, and later) keep it from
        // being complete, 'open' when a day that has ended is not complete.
        // `recent` is the site's recent_days; the ended part is asked for on its own.
        function openOrGoing(site, report, recent) {
          var shown = span(report);
          var going = (recent || []).filter(function (d) { return d.status === 'in_progress'; }).map(function (d) { return d.date; }).sort();
          if (!going.length || shown.to < going[0]) return Promise.resolve({state: 'open'});
          var lastEnded = addDays(going[0], -1);
          if (lastEnded < shown.from) return Promise.resolve({state: 'going'});
          return api('/api/v1/report?site=' + enc(site) + '&from=' + shown.from + '&to=' + lastEnded).then(function (r) {
            return {state: r.complete ? 'going' : 'open', lastEnded: lastEnded};
          });
        }
        function rangeLabel(r) {
          var n = dayNum(r.to) - dayNum(r.from) + 1;
          if (n === 1) return longDay(r.from);
          return longDay(r.from) + ' – ' + longDay(r.to) + ' · ' + n + ' days';
        }

        // Change of one headline number, as report.html shows it.
        function change(now, before, kind) {
          if (before === null || before === undefined) return {text: 'new', cls: 'new', spoken: 'new'};
          var tenths;
          if (kind === 'rate') {
            tenths = Math.round((now - before) * 1000);
          } else {
            if (before === 0) return now === 0 ? {text: 'no change', cls: 'flat', spoken: 'unchanged'} : {text: 'new', cls: 'new', spoken: 'new'};
            tenths = Math.round((now - before) * 1000 / before);
          }
          if (tenths === 0) return {text: 'no change', cls: 'flat', spoken: 'unchanged'};
          var mag = Math.abs(tenths);
          var num = mag % 10 === 0 || mag >= 1000 ? grouped(Math.round(mag / 10)) : (mag / 10).toFixed(1);
          return {text: (tenths > 0 ? '▲ ' : '▼ ') + num + (kind === 'rate' ? ' pts' : '%'), tenths: tenths, spoken: tenths > 0 ? 'up' : 'down'};
        }
        function polarityClass(c, polarity) {
          if (c.cls) return c.cls;
          if (polarity === 'neutral') return 'moved';
          return (c.tenths > 0) === (polarity === 'higher') ? 'good' : 'bad';
        }
        function cards(t, p) {
          var pv = p && p.visits > 0 ? p : null;
          function vpv(x) { return x.visits > 0 ? Math.round(x.pageviews * 100 / x.visits) / 100 : null; }
          var out = [
            {id: 'visitors', label: 'Visitors', value: t.visitors, text: grouped(t.visitors), was: p && grouped(p.visitors), c: change(t.visitors, p && p.visitors), pol: 'higher'},
            {id: 'visits', label: 'Visits', value: t.visits, text: grouped(t.visits), was: p && grouped(p.visits), c: change(t.visits, p && p.visits), pol: 'higher'},
            {id: 'pageviews', label: 'Pageviews', value: t.pageviews, text: grouped(t.pageviews), was: p && grouped(p.pageviews), c: change(t.pageviews, p && p.pageviews), pol: 'higher'},
            {id: 'views_per_visit', label: 'Views per visit', value: vpv(t), text: vpv(t) === null ? '–' : String(vpv(t)), was: pv && String(vpv(pv)),
             c: vpv(t) === null ? change(0, null) : change(vpv(t), pv && vpv(pv)), pol: 'higher'},
            {id: 'bounce_rate', label: 'Bounce rate', value: t.bounce_rate, text: t.visits > 0 ? percent(t.bounce_rate) : '–', was: pv && percent(pv.bounce_rate),
             c: t.visits > 0 ? change(t.bounce_rate, pv && pv.bounce_rate, 'rate') : change(0, null), pol: 'lower'},
            {id: 'visit_duration_avg_s', label: 'Visit duration', value: t.visit_duration_avg_s, text: duration(t.visit_duration_avg_s), was: pv && duration(pv.visit_duration_avg_s),
             c: change(t.visit_duration_avg_s, pv && pv.visit_duration_avg_s || null), pol: 'higher'},
            {id: 'events', label: 'Custom events', value: t.events, text: grouped(t.events), was: p && grouped(p.events), c: change(t.events, p && p.events), pol: 'higher'},
            {id: 'bot_events', label: 'Bot events', value: t.bot_events, text: grouped(t.bot_events), was: p && grouped(p.bot_events), c: change(t.bot_events, p && p.bot_events), pol: 'neutral'}
          ];
          return out;
        }
        function headline(current, previous, prevSpan) {
          var box = $('kpis');
          box.textContent = '';
          $('compare').textContent = previous ? 'Change against the previous ' + (dayNum(prevSpan.to) - dayNum(prevSpan.from) + 1 === 1 ? 'day' : 'period') + ', ' + rangeLabel(prevSpan) : '';
          cards(current.totals, previous && previous.totals).forEach(function (k) {
            var card = el('div', {'class': 'kpi', 'data-kpi': k.id});
            card.appendChild(el('div', {'class': 'label'}, k.label));
            card.appendChild(el('div', {'class': 'value', 'data-value': k.value === null ? '' : String(k.value)}, k.text));
            var d = el('div', {'class': 'delta ' + polarityClass(k.c, k.pol)});
            d.appendChild(el('span', {'class': 'vh'}, k.c.spoken + ' '));
            d.appendChild(document.createTextNode(k.c.text));
            if (k.was && k.c.text !== 'new') {
              d.appendChild(document.createTextNode(' '));
              d.appendChild(el('span', {'class': 'was'}, 'from ' + k.was));
            }
            card.appendChild(d);
            box.appendChild(card);
          });
        }

        function niceStep(peak) {
          var need = Math.max(1, Math.ceil(peak / 4)), mag = 1;
          for (;;) {
            for (var i = 0, ms = [1, 2, 5]; i < 3; i++) if (ms[i] * mag >= need) return ms[i] * mag;
            mag *= 10;
          }
        }
        // Pageviews as bars, visits as a line over an area; `hourly` labels by clock time.
        function chart(series, hourly, zone) {
          var fig = $('chart');
          fig.textContent = '';
          var slots = Math.max(series.length, 1), W = 100, H = 1000;
          var peak = 0;
          series.forEach(function (b) { peak = Math.max(peak, b.pageviews, b.visits); });
          var step = niceStep(peak), top = step * 4;
          function y(v) { return H - Math.round(v * H / top); }
          var plot = el('div', {'class': 'plot'});
          var yaxis = el('div', {'class': 'yaxis', 'aria-hidden': 'true'});
          for (var k = 0; k <= 4; k++) yaxis.appendChild(el('span', {style: 'bottom:' + (k * 25) + '%'}, grouped(step * k)));
          plot.appendChild(yaxis);
          var canvas = el('div', {'class': 'canvas'});
          var s = svg('svg', {viewBox: '0 0 ' + slots * W + ' ' + H, preserveAspectRatio: 'none', role: 'img', 'aria-label':
            'Pageviews and visits per ' + (hourly ? 'hour' : 'day') + ': ' + grouped(series.reduce(function (a, b) { return a + b.pageviews; }, 0)) + ' pageviews'});
          for (k = 1; k <= 4; k++) s.appendChild(svg('line', {'class': 'grid', x1: 0, y1: y(step * k), x2: slots * W, y2: y(step * k)}));
          var pts = series.map(function (b, i) { return (i * W + W / 2) + ',' + y(b.visits); });
          if (pts.length) {
            s.appendChild(svg('path', {'class': 'va', d: 'M' + (W / 2) + ',' + H + ' L' + pts.join(' L') + ' L' + ((slots - 1) * W + W / 2) + ',' + H + ' Z'}));
          }
          series.forEach(function (b, i) {
            var t = b.pageviews > 0 ? Math.min(y(b.pageviews), H - 6) : H;
            var r = svg('rect', {'class': 'pv', x: i * W + 15, y: t, width: W - 30, height: H - t});
            var title = svg('title', {});
            title.textContent = label(b.start, hourly, true) + ': ' + grouped(b.pageviews) + ' pageviews, ' + grouped(b.visits) + ' visits, ' + grouped(b.visitors) + ' visitors';
            r.appendChild(title);
            s.appendChild(r);
          });
          if (pts.length) s.appendChild(svg('polyline', {'class': 'vs', points: pts.join(' ')}));
          s.appendChild(svg('line', {'class': 'base', x1: 0, y1: H, x2: slots * W, y2: H}));
          canvas.appendChild(s);
          if (peak === 0) canvas.appendChild(el('p', {'class': 'nodata'}, 'No traffic in this period'));
          var xaxis = el('div', {'class': 'xaxis', 'aria-hidden': 'true'});
          var every = Math.max(1, Math.ceil(slots / 8));
          series.forEach(function (b, i) {
            if (i % every) return;
            var left = ((2 * i + 1) * 50 / slots).toFixed(1) + '%';
            xaxis.appendChild(el('span', {'class': (i / every) % 2 ? 'minor' : null, style: 'left:' + left}, label(b.start, hourly)));
          });
          canvas.appendChild(xaxis);
          plot.appendChild(canvas);
          fig.appendChild(plot);
          var legend = el('figcaption', {'class': 'legend'});
          var a = el('span'); a.appendChild(el('span', {'class': 'sw pv'})); a.appendChild(document.createTextNode('Pageviews'));
          var b2 = el('span'); b2.appendChild(el('span', {'class': 'sw vs'})); b2.appendChild(document.createTextNode('Visits'));
          legend.appendChild(a); legend.appendChild(b2);
          legend.appendChild(el('span', {'class': 'tz'}, 'per ' + (hourly ? 'hour' : 'day') + ', ' + zone + ' time'));
          fig.appendChild(legend);
          $('chart-title').textContent = 'Traffic per ' + (hourly ? 'hour' : 'day');
        }
        function label(start, hourly, long) {
          // A bucket's start carries its offset (`+02:00`, or `Z` in UTC): two buckets read 02:00 on the day clocks go back.
          if (hourly) return start.slice(11, 16) + (long ? ' ' + (start.slice(19) === 'Z' ? 'UTC' : 'UTC' + start.slice(19)) : '');
          return long ? longDay(start.slice(0, 10)) : shortDay(start.slice(0, 10));
        }

        function tables(report) {
          var box = $('tables');
          box.textContent = '';
          LISTS.forEach(function (g) {
            var sec = el('section', {'class': 'group'});
            sec.appendChild(el('h2', {}, g.title));
            var grid = el('div', {'class': 'tables'}), empty = [];
            g.lists.forEach(function (l) {
              var rows = report[l.id] || [];
              if (!rows.length) { empty.push(l.title); return; }
              // Columns: the list's counts, then any other number its rows carry (conversion_rate).
              var counts = l.counts.filter(function (c) { return rows[0][c] !== undefined; });
              Object.keys(rows[0]).forEach(function (c) {
                if (c !== l.key && counts.indexOf(c) < 0 && typeof rows[0][c] === 'number') counts.push(c);
              });
              l = {id: l.id, title: l.title, key: l.key, heading: l.heading, counts: counts};
              var peak = 0;
              rows.forEach(function (r) { peak = Math.max(peak, r[l.counts[0]]); });
              var t = el('section', {'class': 'panel top' + (l.counts.length > 1 ? ' wide' : ''), id: l.id});
              t.appendChild(el('h3', {}, l.title));
              var table = el('table'), head = el('tr');
              head.appendChild(el('th', {scope: 'col'}, l.heading));
              l.counts.forEach(function (c) {
                var name = c === 'conversion_rate' ? 'Conversion' : c.charAt(0).toUpperCase() + c.slice(1).replace(/_/g, ' ');
                head.appendChild(el('th', {scope: 'col', 'class': 'num'}, name));
              });
              var thead = el('thead'); thead.appendChild(head); table.appendChild(thead);
              var tbody = el('tbody');
              rows.forEach(function (r) {
                var tr = el('tr');
                var share = peak > 0 ? Math.round(r[l.counts[0]] * 1000 / peak) / 10 : 0;
                tr.appendChild(el('td', {'class': 'k', style: '--p:' + share + '%'}, r[l.key]));
                l.counts.forEach(function (c) {
                  var v = r[c];
                  tr.appendChild(el('td', {'class': 'num', 'data-value': String(v)}, c === 'conversion_rate' ? percent(v) : grouped(v)));
                });
                tbody.appendChild(tr);
              });
              table.appendChild(tbody);
              t.appendChild(table);
              grid.appendChild(t);
            });
            if (grid.children.length) sec.appendChild(grid);
            if (empty.length) sec.appendChild(el('p', {'class': 'none'}, 'No data in this period: ' + empty.join(', ') + '.'));
            box.appendChild(sec);
          });
        }

        function siteLink(site, extra) { return '?site=' + enc(site) + (extra || ''); }

        function picker(site, q, shown) {
          var list = $('periods');
          list.textContent = '';
          var period = q.get('period'), date = q.get('date');
          var custom = !period;
          PERIODS.forEach(function (p) {
            var li = el('li');
            var a = el('a', {href: siteLink(site, '&period=' + p[0] + (date ? '&date=' + enc(date) : '')), 'aria-current': period === p[0] ? 'page' : null}, p[1]);
            li.appendChild(a);
            list.appendChild(li);
          });
          var c = el('li');
          c.appendChild(el('a', {href: '#custom', 'aria-current': custom ? 'page' : null}, 'Custom'));
          list.appendChild(c);
          $('custom-site').value = site;
          $('from').value = shown.from;
          $('to').value = shown.to;
          // Earlier and later periods of the same kind.
          var steps = $('steps');
          steps.textContent = '';
          var n = dayNum(shown.to) - dayNum(shown.from) + 1;
          function step(dir) {
            if (period === 'day' || period === '7d' || period === '30d') return '&period=' + period + '&date=' + addDays(shown.to, dir * n);
            if (period === 'month') return '&period=month&date=' + (dir < 0 ? addDays(shown.from, -1) : addDays(nextMonth(nextMonth(shown.from)), -1));
            if (period === 'year') return '&period=year&date=' + (+shown.from.slice(0, 4) + dir) + '-12-31';
            return '&from=' + addDays(shown.from, dir * n) + '&to=' + addDays(shown.to, dir * n);
          }
          steps.appendChild(el('a', {href: siteLink(site, step(-1)), rel: 'prev'}, '← Earlier'));
          if (!period || date) steps.appendChild(el('a', {href: siteLink(site, step(1)), rel: 'next'}, 'Later →'));
        }

        function siteView(site, q) {
          $('site-view').hidden = false;
          $('crumbs').hidden = false;
          $('title').textContent = site;
          document.title = site + ' · Tidemark';
          var period = q.get('period'), from = q.get('from'), to = q.get('to'), date = q.get('date');
          if (!period && !(from && to)) { period = '30d'; q.set('period', '30d'); }
          var query = 'site=' + enc(site);
          query += period ? '&period=' + enc(period) + (date ? '&date=' + enc(date) : '') : '&from=' + enc(from) + '&to=' + enc(to);
          status('Loading ' + site + '…');
          api('/api/v1/report?' + query + '&compare=previous').then(function (both) {
            var cur = both.current, shown = span(cur), prev = span(both.previous);
            var zone = cur.window.time_zone || 'UTC';
            $('when').textContent = rangeLabel(shown) + ' · ' + zone;
            var badge = $('badge');
            badge.hidden = false;
            badge.className = 'badge ' + (cur.complete ? 'ok' : 'going');
            badge.setAttribute('data-state', cur.complete ? 'complete' : 'checking');
            badge.textContent = cur.complete ? 'Complete' : 'Checking which days are complete…';
            var judged = cur.complete ? null : api('/api/v1/sites').then(function (sites) {
              var listed = sites.filter(function (s) { return s.site === site; })[0];
              return openOrGoing(site, cur, listed && listed.recent_days);
            }).then(function (j) {
              badge.className = 'badge ' + (j.state === 'going' ? 'going' : 'warn');
              badge.setAttribute('data-state', j.state);
              badge.textContent = j.state === 'open' ? 'Incomplete: not every day is complete yet'
                : j.lastEnded ? 'Complete to ' + longDay(j.lastEnded) + ' · today in progress' : 'In progress: the day has not ended';
            }).catch(function () {
              badge.className = 'badge warn';
              badge.setAttribute('data-state', 'open');
              badge.textContent = 'Incomplete: not every day is complete yet';
            });
            picker(site, q, shown);
            headline(cur, both.previous, prev);
            tables(cur);
            $('inputs').textContent = 'From ' + grouped(cur.inputs.segments) + ' segments · ' + grouped(cur.inputs.events_read) +
              ' events read · ' + grouped(cur.totals.bot_events) + ' bot events left out · visitors are the sum of each day\'s distinct visitors';
            var drawn = null;
            if (shown.from === shown.to) {
              drawn = api('/api/v1/daily?site=' + enc(site) + '&date=' + shown.from).then(function (day) {
                chart(day.series, true, zone);
              }, function () { chart(cur.series, false, zone); });
            } else {
              chart(cur.series, false, zone);
            }
            return Promise.all([judged, drawn]);
          }).then(function () { status(''); document.body.setAttribute('data-ready', 'site'); }, fail);
        }

        function spark(series) {
          var slots = Math.max(series.length, 1), peak = 1;
          series.forEach(function (b) { peak = Math.max(peak, b.pageviews); });
          var s = svg('svg', {'class': 'spark', viewBox: '0 0 ' + slots * 10 + ' 100', preserveAspectRatio: 'none', 'aria-hidden': 'true'});
          series.forEach(function (b, i) {
            var h = Math.round(b.pageviews * 100 / peak);
            s.appendChild(svg('rect', {'class': 'pv', x: i * 10 + 1, y: 100 - h, width: 8, height: h}));
          });
          return s;
        }

        // One mark per recent day (docs/API.md, recent_days): filled when
        // complete, hollow when its report is partial, red when missing,
        // dashed grey while in progress. Only days that have ended count as
        // not complete: today in progress is the normal state, not an alert.
        function recentDays(days) {
          var ended = days.filter(function (d) { return d.status !== 'in_progress'; });
          var open = ended.filter(function (d) { return !d.complete; });
          var going = days.length - ended.length;
          var row = el('p', {'class': 'recent', 'data-open': String(open.length)});
          days.forEach(function (d) {
            var label = d.status === 'in_progress' ? 'in progress' : d.status;
            row.appendChild(el('span', {'class': 'day ' + d.status, 'data-date': d.date, 'data-status': d.status,
              title: longDay(d.date) + ': ' + label, 'aria-hidden': 'true'}));
          });
          var progress = !going ? '' : going === 1 && days[days.length - 1].status === 'in_progress'
            ? 'today in progress' : going + (going === 1 ? ' day' : ' days') + ' in progress';
          var text = open.length
            ? open.length + ' of the last ' + ended.length + ' days not complete: ' +
              open.map(function (d) { return longDay(d.date) + ' ' + d.status; }).join(', ')
            : ended.length ? 'last ' + ended.length + ' days complete' : '';
          var note = el('span', {'class': open.length ? 'open' : ''}, text);
          if (progress) note.appendChild(el('span', {'class': 'going'}, (text ? ' · ' : '') + progress));
          row.appendChild(note);
          return row;
        }

        function listView() {
          $('sites-view').hidden = false;
          $('title').textContent = 'Sites';
          $('when').textContent = 'Each site\'s last 30 days, against the 30 days before';
          status('Loading sites…');
          api('/api/v1/sites').then(function (sites) {
            var box = $('sites');
            box.textContent = '';
            if (!sites.length) box.appendChild(el('p', {'class': 'none'}, 'No sites are served yet.'));
            return Promise.all(sites.map(function (s) {
              var card = el('a', {'class': 'panel site-card', href: siteLink(s.site), 'data-site': s.site});
              card.appendChild(el('h2', {}, s.site));
              card.appendChild(el('p', {'class': 'meta'}, s.time_zone + (s.first_day ? ' · data ' + longDay(s.first_day) + ' – ' + longDay(s.last_day) : ' · no reports yet')));
              card.appendChild(recentDays(s.recent_days || []));
              var nums = el('div', {'class': 'nums'});
              card.appendChild(nums);
              box.appendChild(card);
              return api('/api/v1/report?site=' + enc(s.site) + '&period=30d&compare=previous').then(function (both) {
                var t = both.current.totals, p = both.previous.totals;
                [['visitors', 'visitors'], ['pageviews', 'pageviews'], ['visits', 'visits']].forEach(function (f) {
                  var c = change(t[f[0]], p[f[0]]);
                  var span = el('span', {'data-kpi': f[0]});
                  span.appendChild(el('b', {'data-value': String(t[f[0]])}, grouped(t[f[0]])));
                  span.appendChild(document.createTextNode(' ' + f[1] + ' '));
                  span.appendChild(el('span', {'class': 'delta ' + polarityClass(c, 'higher')}, c.text));
                  nums.appendChild(span);
                });
                card.appendChild(spark(both.current.series));
                // Today in progress is said by the recent-day marks; only an ended day that is not complete gets a badge.
                if (both.current.complete) return;
                return openOrGoing(s.site, both.current, s.recent_days).then(function (j) {
                  if (j.state === 'open') card.insertBefore(el('p', {'class': 'badge warn'}, 'Incomplete days'), card.lastChild);
                });
              }, function (err) { nums.appendChild(el('span', {'class': 'error'}, err.message)); });
            }));
          }).then(function () { status(''); document.body.setAttribute('data-ready', 'list'); }, fail);
        }

        var q = new URLSearchParams(location.search);
        if (q.get('site')) siteView(q.get('site'), q); else listView();
        })();
        """#
}
