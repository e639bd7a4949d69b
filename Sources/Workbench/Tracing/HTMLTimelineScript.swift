/// The HTML timeline's style sheet and the script that draws its data (`HTMLTimelineData`)
/// as SVG. The script writes run text only through `textContent` and `setAttribute`, never
/// as markup, so a task named `<img onerror=…>` stays text.
enum HTMLTimelineScript {
    static let style = """
        body { font: 13px system-ui, sans-serif; margin: 0; color: #1d1d1f; background: #fbfbfa; }
        header { padding: 12px 16px 4px; position: sticky; top: 0; background: #fbfbfa; z-index: 1; border-bottom: 1px solid #e2e2e2; }
        h1 { font-size: 16px; margin: 0 0 2px; }
        #summary { color: #555; margin-bottom: 6px; }
        .legend { display: flex; flex-wrap: wrap; gap: 4px 14px; margin-bottom: 6px; }
        .key { white-space: nowrap; }
        .swatch { display: inline-block; width: 14px; height: 11px; margin-right: 4px; vertical-align: -1px; border-radius: 2px; }
        .mark { display: inline-block; width: 14px; text-align: center; margin-right: 2px; }
        .controls { display: flex; gap: 8px; align-items: center; margin-bottom: 6px; }
        .controls button { font: inherit; min-width: 28px; }
        .hint, #view { color: #666; }
        .details { font-family: ui-monospace, monospace; white-space: pre-wrap; min-height: 3.9em; padding: 4px 8px; background: #fff; border: 1px solid #ddd; border-radius: 4px; }
        .details.pinned { border-color: #333; background: #fffbe6; }
        #chart { padding: 8px 16px 24px; }
        svg { display: block; user-select: none; cursor: grab; }
        svg.dragging { cursor: grabbing; }
        /* No fill here: a style rule would override the fill attributes the script sets. */
        svg text { font: 12px ui-monospace, monospace; }
        svg text.caption { font-size: 10.5px; pointer-events: none; }
        /* Marks stand out on any span: larger, with a white halo. */
        svg text.incident { font: bold 15px system-ui, sans-serif; paint-order: stroke; stroke: #fff; stroke-width: 3px; }
        svg text.section { font: bold 12px system-ui, sans-serif; }
        .span:hover { stroke: #000; stroke-width: 1; }
        .span.selected { stroke: #000; stroke-width: 2; }
        .s-running { background: #1e9e4a; fill: #1e9e4a; }
        .s-ready { background: #f2d15c; fill: #f2d15c; }
        .s-sleep { background: #c5d3e8; fill: #c5d3e8; }
        .s-queue-get { background: #7fb8e6; fill: #7fb8e6; }
        .s-queue-put { background: #e0452b; fill: #e0452b; }
        .s-queue-join { background: #b99ad6; fill: #b99ad6; }
        .s-semaphore { background: #f08c1e; fill: #f08c1e; }
        .s-lock { background: #b3261e; fill: #b3261e; }
        .s-event { background: #8e5bd0; fill: #8e5bd0; }
        .s-condition { background: #c25ab3; fill: #c25ab3; }
        .s-task { background: #ececec; fill: #ececec; }
        .s-host { background: #1aa6b7; fill: #1aa6b7; }
        .s-service { background: #b49bd6; fill: #b49bd6; }
        .s-socket { background: #8d6e4b; fill: #8d6e4b; }
        .s-other { background: #a7a7a7; fill: #a7a7a7; }
        .s-wake { background: #5b5b5b; }
        .m-timeout { color: #d35400; fill: #d35400; }
        .m-cancel { color: #d35400; fill: #d35400; }
        .m-cancelled { color: #a05a00; fill: #a05a00; }
        .m-error { color: #c0281e; fill: #c0281e; }
        .m-returned { color: #1e9e4a; fill: #1e9e4a; }
        """

    static let script = #"""
        'use strict';
        const data = JSON.parse(document.getElementById('tide-data').textContent);
        const NS = 'http://www.w3.org/2000/svg';
        const rowHeight = 24, barHeight = 16, trackHeight = 46, axisHeight = 26;
        const labels = data.labels, rows = data.rows;
        const tracks = data.primitives.map(p => Object.assign({service: false}, p)).concat(
          (data.services || []).map(s => ({name: s.name, kind: 'service', limit: null, measure: 'calls in flight',
            samples: s.samples, rejections: s.rejections, service: true})));
        const end = Math.max(data.end, 1);
        const text = i => (i >= 0 ? labels[i] : '');
        const seconds = ns => (ns / 1e9).toFixed(3) + 's';
        const names = new Map(rows.map(r => [r.id, r.name]));
        const rowIndex = new Map(rows.map((r, i) => [r.id, i]));
        const meaning = {};
        document.querySelectorAll('.key[data-state]').forEach(k => { meaning[k.dataset.state] = k.textContent; });
        // Names are drawn in a monospace font of about 7.3 px a character, indented 14 px a level.
        const labelWidth = Math.min(360, 24 + Math.max(80,
          ...rows.map(r => 14 * Math.min(r.depth, 6) + 7.3 * (r.name.length + (r.depth ? 2 : 0))),
          ...tracks.map(t => 7.3 * Math.max(t.name.length, t.measure.length * 0.9))));
        let view = [0, end], pinned = null, selected = null;

        const summary = document.getElementById('summary');
        const count = (n, one, many) => `${n} ${n === 1 ? one : many}`;
        summary.textContent = `${count(rows.length, 'task', 'tasks')}, ${count(data.primitives.length, 'primitive', 'primitives')}`
          + `${(data.services || []).length ? ', ' + count(data.services.length, 'service', 'services') : ''}; the run took ${seconds(data.end)} of loop time`;
        // Only the states this run has are in the legend.
        const present = new Set(rows.flatMap(r => r.spans.map(s => s[0])));
        document.querySelectorAll('.key[data-state]').forEach(k => { if (!present.has(k.dataset.state)) k.remove(); });
        const marked = new Set(rows.flatMap(r => r.incidents.map(i => i[1])));
        if (rows.some(r => r.outcome === 'returned')) marked.add('returned');
        if (data.flows.length) marked.add('wake');
        document.querySelectorAll('.key[data-mark]').forEach(k => { if (!marked.has(k.dataset.mark)) k.remove(); });

        const details = document.getElementById('details');
        const show = (lines, pin) => {
          if (pinned && !pin) return;
          details.textContent = lines.join('\n');
        };
        let pinnedSpan = null;
        const pin = (lines, node) => {
          if (selected) selected.classList.remove('selected');
          selected = node; pinned = lines;
          pinnedSpan = node && node.dataset ? node.dataset.span || null : null;
          remember();
          if (node) node.classList.add('selected');
          details.classList.add('pinned');
          details.textContent = 'pinned: ' + lines.join('\n');
        };
        const unpin = () => {
          if (selected) selected.classList.remove('selected');
          selected = null; pinned = null; pinnedSpan = null;
          remember();
          details.classList.remove('pinned');
          details.textContent = 'Hover over a span; click it to pin its details here.';
        };

        const el = (name, attrs, parent) => {
          const node = document.createElementNS(NS, name);
          for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
          parent.appendChild(node); return node;
        };
        const interactive = (node, lines) => {
          node.addEventListener('mouseenter', () => show(lines, false));
          node.addEventListener('click', event => { event.stopPropagation(); if (!moved) pin(lines, node); });
        };

        // A tick step of 1, 2 or 5 × 10^k seconds giving about eight ticks.
        const tickStep = span => {
          const raw = span / 8, power = Math.pow(10, Math.floor(Math.log10(raw)));
          return [1, 2, 5, 10].map(m => m * power).find(s => s >= raw);
        };

        const chart = document.getElementById('chart');
        let svg = null;
        function draw() {
          const width = Math.max(720, chart.clientWidth - 32);
          const plotLeft = labelWidth, plotWidth = width - labelWidth - 44;  // room for the last tick's label
          const [t0, t1] = view;
          const x = t => plotLeft + (t - t0) / (t1 - t0) * plotWidth;
          const clipX = t => Math.max(plotLeft - 2, Math.min(plotLeft + plotWidth + 2, x(t)));
          const tasksTop = axisHeight, tracksTop = tasksTop + rows.length * rowHeight + (tracks.length ? 22 : 0);
          const height = tracksTop + tracks.length * trackHeight + axisHeight;
          const next = document.createElementNS(NS, 'svg');
          next.setAttribute('width', width); next.setAttribute('height', height);
          next.setAttribute('id', 'timeline');
          next.setAttribute('fill', '#1d1d1f');
          const defs = el('defs', {}, next);
          const clip = el('clipPath', {id: 'plot'}, defs);
          el('rect', {x: plotLeft, y: 0, width: plotWidth, height}, clip);
          el('rect', {x: 0, y: 0, width: plotLeft - 8, height}, el('clipPath', {id: 'names'}, defs));
          const marker = el('marker', {id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 5, markerHeight: 5, orient: 'auto'}, defs);
          el('path', {d: 'M0,0 L10,5 L0,10 z', fill: '#5b5b5b'}, marker);

          // Time axis, with grid lines across the rows.
          const step = tickStep((t1 - t0) / 1e9) * 1e9;
          const grid = el('g', {class: 'axis'}, next);
          for (let t = Math.ceil(t0 / step) * step; t <= t1 + 1; t += step) {
            el('line', {x1: x(t), x2: x(t), y1: axisHeight - 6, y2: height - axisHeight, stroke: '#ececec'}, grid);
            const label = el('text', {x: x(t), y: axisHeight - 10, 'text-anchor': 'middle'}, grid);
            label.textContent = seconds(Math.round(t));
            const bottom = el('text', {x: x(t), y: height - 8, 'text-anchor': 'middle'}, grid);
            bottom.textContent = seconds(Math.round(t));
          }

          // Task rows.
          rows.forEach((row, i) => {
            const top = tasksTop + i * rowHeight;
            const g = el('g', {class: 'row', 'data-id': row.id, 'data-name': row.name, 'data-depth': row.depth}, next);
            if (i % 2 === 0) el('rect', {x: 0, y: top, width, height: rowHeight, fill: '#f3f3f1'}, g);
            const name = el('text', {x: 6 + 14 * Math.min(row.depth, 6), y: top + 16, class: 'name', 'clip-path': 'url(#names)'}, g);
            name.textContent = (row.depth ? '└ ' : '') + row.name;
            const bars = el('g', {'clip-path': 'url(#plot)'}, g);
            row.spans.forEach(([state, start, stop, what, site, caption], index) => {
              if (stop < t0 || start > t1) return;
              const left = clipX(start), w = Math.max(state === 'running' ? 2.5 : 1, clipX(stop) - left);
              const rect = el('rect', {class: `span s-${state}`, 'data-state': state, 'data-span': `${row.id}.${index}`, x: left, y: top + (rowHeight - barHeight) / 2,
                width: w, height: barHeight, rx: 2}, bars);
              const lines = [`${row.name}: ${meaning[state] || state}`];
              if (what >= 0) lines.push(`on ${text(what)}`);
              lines.push(`from ${seconds(start)} to ${seconds(stop)} (${seconds(stop - start)})`);
              if (site >= 0) lines.push(`at ${text(site)}`);
              interactive(rect, lines);
              if (pinnedSpan === `${row.id}.${index}`) { selected = rect; rect.classList.add('selected'); }
              const words = text(caption);
              // Clear of a mark at the span's start (a timeout, a cancel: half a mark is 6 px).
              if (words && w > words.length * 6.2 + 14) {
                const label = el('text', {class: 'caption', x: left + 8, y: top + 15.5}, bars);
                label.textContent = words;
                if (['queue-put', 'lock', 'event', 'host', 'semaphore', 'running'].includes(state)) label.setAttribute('fill', '#fff');
              }
            });
            const markAt = (t, glyph, kind, words) => {
              if (t < t0 || t > t1) return;
              const m = el('text', {class: `incident m-${kind}`, 'data-incident': kind, x: x(t), y: top + 17, 'text-anchor': 'middle'}, g);
              m.textContent = glyph;
              interactive(m, [`${row.name}: ${words}`, `at ${seconds(t)}`]);
            };
            const glyphs = {timeout: '◷', cancel: '×', cancelled: '⊘', error: '✘'};
            row.incidents.forEach(([t, kind, words]) => markAt(t, glyphs[kind], kind, text(words)));
            if (row.outcome === 'returned' && row.finished !== null) markAt(row.finished, '✔', 'returned', 'returned');
          });

          // Wake-ups: from the task that released, set, put or notified to the one it woke.
          if (document.getElementById('show-wakes').checked) {
            const arrows = el('g', {'clip-path': 'url(#plot)', class: 'wakes'}, next);
            data.flows.forEach(([from, sent, to, received]) => {
              if (received < t0 || sent > t1) return;
              const y = id => tasksTop + rowIndex.get(id) * rowHeight + rowHeight / 2;
              const line = el('line', {class: 'flow', x1: x(sent), y1: y(from), x2: x(received), y2: y(to),
                stroke: '#5b5b5b', 'stroke-width': 1, 'marker-end': 'url(#arrow)', opacity: 0.45}, arrows);
              interactive(line, [`${names.get(from)} woke ${names.get(to)} at ${seconds(sent)}`, `it ran at ${seconds(received)}`]);
            });
          }

          // Primitive and service tracks: the value as a step chart against its limit;
          // stretches at the limit (a full queue, every slot taken) are drawn darker.
          if (tracks.length) {
            const title = el('text', {class: 'section', x: 6, y: tracksTop - 6}, next);
            title.textContent = 'Primitives and services';
          }
          tracks.forEach((track, i) => {
            const top = tracksTop + i * trackHeight, bottom = top + trackHeight - 8;
            const g = el('g', {class: 'track', 'data-name': track.name, 'data-kind': track.kind,
              'data-limit': track.limit === null ? '' : track.limit, 'data-peak': Math.max(0, ...track.samples.map(s => s[1]))}, next);
            el('line', {x1: 0, x2: width, y1: top + trackHeight - 2, y2: top + trackHeight - 2, stroke: '#e4e4e4'}, g);
            const name = el('text', {x: 6, y: top + 15, 'clip-path': 'url(#names)'}, g);
            name.textContent = track.name;
            const measure = el('text', {x: 6, y: top + 29, fill: '#666', 'font-size': 11}, g);
            measure.textContent = track.measure;
            const peak = Math.max(1, track.limit || 0, ...track.samples.map(s => s[1]));
            const level = v => bottom - (v / peak) * (trackHeight - 16);
            const plot = el('g', {'clip-path': 'url(#plot)'}, g);
            const colour = track.service ? '#5a3d8a' : track.kind === 'event' ? '#8e5bd0' : track.kind === 'queue' ? '#2b7bb9' : '#d9730d';
            // Steps: [from, to, value]. Of several changes at one moment (a get, then the
            // put it made room for) only where they ended lasts; a level that goes on is one step.
            const levels = [];
            track.samples.forEach(([t, v]) => {
              if (levels.length && levels[levels.length - 1][0] === t) levels[levels.length - 1][1] = v;
              else levels.push([t, v]);
            });
            const steps = [];
            let previous = 0, since = 0;
            levels.forEach(([t, v]) => {
              if (v === previous) return;  // the same level goes on
              if (t > since) steps.push([since, t, previous]);
              previous = v; since = t;
            });
            steps.push([since, end, previous]);
            steps.forEach(([from, to, v]) => {
              if (v === 0 || to < t0 || from > t1) return;
              const full = track.limit !== null && v >= track.limit;
              const rect = el('rect', {class: full ? 'level at-limit' : 'level', x: clipX(from), y: level(v),
                width: Math.max(1, clipX(to) - clipX(from)), height: bottom - level(v), fill: colour, opacity: full ? 0.95 : 0.45}, plot);
              const state = track.kind === 'event' ? 'set' : `${v}${track.limit !== null ? ' of ' + track.limit : ''}`;
              interactive(rect, [`${track.name}: ${state}${full && track.kind !== 'event' ? ' (at its limit)' : ''}`,
                `from ${seconds(from)} to ${seconds(to)}`]);
              const room = clipX(to) - clipX(from);
              if (room > 14 && track.kind !== 'event') {
                const value = el('text', {class: 'caption', x: clipX(from) + 3, y: level(v) - 2}, plot);
                value.textContent = v;
              }
              // Said in words where it matters: the queue is full, every slot is taken.
              const words = !full ? '' : track.kind === 'queue' ? `full: ${v} of ${track.limit}`
                : track.kind === 'event' ? 'set' : track.kind === 'lock' ? 'held' : `all ${track.limit} slots in use`;
              if (words && room > words.length * 6.2 + 8) {
                const label = el('text', {class: 'caption', x: clipX(from) + 4, y: bottom - 5, fill: '#fff'}, plot);
                label.textContent = words;
              }
            });
            if (track.limit !== null && track.kind !== 'event') {
              el('line', {class: 'limit', x1: plotLeft, x2: plotLeft + plotWidth, y1: level(track.limit), y2: level(track.limit),
                stroke: '#c0281e', 'stroke-dasharray': '4 3'}, g);
              const limit = el('text', {x: plotLeft + plotWidth - 4, y: level(track.limit) - 2, 'text-anchor': 'end', fill: '#c0281e', 'font-size': 11}, g);
              limit.textContent = track.kind === 'queue' ? `maxsize ${track.limit}` : `limit ${track.limit}`;
            }
            (track.rejections || []).forEach(([t, what]) => {
              if (t < t0 || t > t1) return;
              const tick = el('text', {x: x(t) - 3, y: top + 12, class: 'm-error'}, g);
              tick.textContent = '✗';
              interactive(tick, [`${track.name}: a call rejected (${what})`, `at ${seconds(t)}`]);
            });
          });

          if (svg) chart.replaceChild(next, svg); else chart.appendChild(next);
          svg = next;
          document.getElementById('view').textContent = `showing ${seconds(t0)} – ${seconds(t1)}`;
          attachGestures(plotLeft, plotWidth);
        }

        // Zoom about a time, pan by a time; the view never leaves the run.
        const setView = (a, b) => {
          const span = Math.min(end, Math.max(1000, b - a));
          let start = Math.max(0, Math.min(a, end - span));
          view = [start, start + span];
          draw();
          remember();
        };
        // The view and the pinned span live in the address (#view=0.2-0.6&pin=3.4), so a
        // link, or a reload, opens the run where the reader was.
        function remember() {
          const parts = [];
          if (view[0] > 0 || view[1] < end) parts.push(`view=${(view[0] / 1e9).toFixed(6)}-${(view[1] / 1e9).toFixed(6)}`);
          if (pinnedSpan) parts.push(`pin=${pinnedSpan}`);
          try { history.replaceState(null, '', parts.length ? '#' + parts.join('&') : location.pathname + location.search); } catch (e) {}
        }
        function recall() {
          const params = new URLSearchParams(location.hash.slice(1));
          const range = (params.get('view') || '').split('-').map(Number);
          if (range.length === 2 && range.every(Number.isFinite) && range[0] < range[1]) {
            const a = Math.max(0, range[0] * 1e9), b = Math.min(end, range[1] * 1e9);
            if (a < b) view = [a, b];
          }
          return params.get('pin');
        }
        const zoom = (factor, at) => {
          const [t0, t1] = view, centre = at === undefined ? (t0 + t1) / 2 : at;
          setView(centre - (centre - t0) * factor, centre + (t1 - centre) * factor);
        };
        let moved = false;
        function attachGestures(plotLeft, plotWidth) {
          const timeAt = clientX => view[0] + (clientX - svg.getBoundingClientRect().left - plotLeft) / plotWidth * (view[1] - view[0]);
          svg.addEventListener('wheel', event => {
            event.preventDefault();
            zoom(event.deltaY < 0 ? 0.8 : 1.25, timeAt(event.clientX));
          }, {passive: false});
          svg.addEventListener('mousedown', event => {
            const startX = event.clientX, startView = view.slice();
            moved = false;
            svg.classList.add('dragging');
            const move = e => {
              const dt = (e.clientX - startX) / plotWidth * (startView[1] - startView[0]);
              if (Math.abs(e.clientX - startX) > 3) moved = true;
              if (moved) setView(startView[0] - dt, startView[1] - dt);
            };
            const up = () => { window.removeEventListener('mousemove', move); window.removeEventListener('mouseup', up);
              if (svg) svg.classList.remove('dragging'); setTimeout(() => { moved = false; }, 0); };
            window.addEventListener('mousemove', move);
            window.addEventListener('mouseup', up);
          });
          svg.addEventListener('click', () => { if (!moved) unpin(); });
        }
        document.getElementById('zoom-in').addEventListener('click', () => zoom(0.5));
        document.getElementById('zoom-out').addEventListener('click', () => zoom(2));
        document.getElementById('zoom-fit').addEventListener('click', () => setView(0, end));
        document.getElementById('show-wakes').addEventListener('change', draw);
        document.addEventListener('keydown', event => {
          if (event.key === '+' || event.key === '=') zoom(0.5);
          else if (event.key === '-') zoom(2);
          else if (event.key === '0') setView(0, end);
          else if (event.key === 'Escape') unpin();
          else if (event.key === 'ArrowLeft') setView(view[0] - (view[1] - view[0]) / 5, view[1] - (view[1] - view[0]) / 5);
          else if (event.key === 'ArrowRight') setView(view[0] + (view[1] - view[0]) / 5, view[1] + (view[1] - view[0]) / 5);
        });
        window.addEventListener('resize', draw);
        const wanted = recall();
        draw();
        if (wanted) {
          const node = [...document.querySelectorAll('rect.span')].find(r => r.dataset.span === wanted);
          if (node) node.dispatchEvent(new MouseEvent('click', {bubbles: false}));
        }
        document.body.setAttribute('data-drawn', 'true');
        """#
}
