/// Writes a recorded run as one self-contained HTML page: an SVG timeline with a row per
/// task, hover details, and arrows from each task that woke another to the woken one.
///
/// The page carries the run as JSON (`dataJSON`, pinned by a golden test) and a small
/// script that draws it; it loads nothing from the network.
public enum HTMLTimeline {
    public static func page(_ trace: TraceRecorder, title: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>\(escape(title))</title>
        <style>
        body { font: 13px system-ui, sans-serif; margin: 16px; color: #222; background: #fafafa; }
        h1 { font-size: 16px; margin: 0 0 4px; }
        .legend span { display: inline-block; margin-right: 14px; }
        .swatch { display: inline-block; width: 12px; height: 10px; margin-right: 4px; vertical-align: middle; }
        #details { min-height: 1.4em; margin: 6px 0; font-family: ui-monospace, monospace; }
        svg text { font: 12px ui-monospace, monospace; }
        .span:hover, .flow:hover { stroke: #000; stroke-width: 1.5; }
        </style>
        </head>
        <body>
        <h1>\(escape(title))</h1>
        <div class="legend">
        <span><i class="swatch" style="background:#2e9d4f"></i>running</span>
        <span><i class="swatch" style="background:#c9d3e0"></i>waiting</span>
        <span><i class="swatch" style="background:#f2e2a4"></i>ready</span>
        <span><i class="swatch" style="background:#d6453d"></i>wake-up</span>
        <span>✔ returned ✘ failed ⊘ cancelled</span>
        <span style="color:#5a3d8a">a service's calls in flight</span>
        <span style="color:#d6453d">✗ a call rejected</span>
        </div>
        <div id="details">Hover over a span or an arrow.</div>
        <div id="chart"></div>
        <script type="application/json" id="tide-data">
        \(scriptSafe(dataJSON(trace)))
        </script>
        <script>
        \(script)
        </script>
        </body>
        </html>

        """
    }

    /// The run as JSON: times in nanoseconds of loop time.
    public static func dataJSON(_ trace: TraceRecorder) -> String {
        let tracks = trace.tracks.map { track -> String in
            let spans = track.spans.map { span -> String in
                switch span.kind {
                case .running: return "[\"running\",\(span.start),\(span.end)]"
                case .ready: return "[\"ready\",\(span.start),\(span.end)]"
                case .waiting(let what):
                    return "[\"waiting\",\(span.start),\(span.end),\(ChromeTrace.quote(trace.labels[what]))]"
                }
            }
            let outcome = track.outcome.map { "\"\($0)\"" } ?? "null"
            let finished = track.finishedAt.map(String.init) ?? "null"
            return "{\"id\":\(track.id),\"name\":\(ChromeTrace.quote(track.name)),\"outcome\":\(outcome),"
                + "\"finished\":\(finished),\"spans\":[\(spans.joined(separator: ","))]}"
        }
        let flows = trace.flows.compactMap { flow in
            flow.received.map { "[\(flow.from),\(flow.sent),\(flow.to),\($0)]" }
        }
        // Sim services, when the run made any: a row each below the tasks (ServiceTimeline).
        let services = ServiceTimeline.series(trace).isEmpty ? "" : ",\n\"services\":" + ServiceTimeline.json(trace)
        return "{\"end\":\(trace.endTime),\n\"tracks\":[\n" + tracks.joined(separator: ",\n") + "\n],\n\"flows\":["
            + flows.joined(separator: ",") + "]" + services + "}"
    }

    /// JSON that can stand inside a `<script>` element: `<`, `>` and `&` only ever appear in
    /// its strings, where `\u003c` and the like mean the same, so no task name can close the
    /// element (`</script>`) and have the rest run as the page's own HTML.
    static func scriptSafe(_ json: String) -> String {
        substitute(json, ["<": "\\u003c", ">": "\\u003e", "&": "\\u0026"])
    }

    /// Text for the page's HTML.
    private static func escape(_ text: String) -> String {
        substitute(text, ["&": "&amp;", "<": "&lt;", ">": "&gt;"])
    }

    private static func substitute(_ text: String, _ replacements: [Character: String]) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            if let replacement = replacements[character] { out += replacement } else { out.append(character) }
        }
        return out
    }

    /// Draws the embedded data as SVG.
    private static let script = #"""
        const data = JSON.parse(document.getElementById('tide-data').textContent);
        const NS = 'http://www.w3.org/2000/svg';
        const rowHeight = 24, labelWidth = 140, width = Math.max(700, window.innerWidth - 60);
        const plotWidth = width - labelWidth - 30, end = Math.max(data.end, 1);
        const rows = new Map(data.tracks.map((t, i) => [t.id, i]));
        const services = data.services || [];
        const height = (data.tracks.length + services.length) * rowHeight + 40;
        const x = t => labelWidth + (t / end) * plotWidth;
        const y = id => rows.get(id) * rowHeight + 10;
        const seconds = ns => (ns / 1e9).toFixed(3) + 's';
        const svg = document.createElementNS(NS, 'svg');
        svg.setAttribute('width', width); svg.setAttribute('height', height);
        const el = (name, attrs, parent = svg) => {
          const node = document.createElementNS(NS, name);
          for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
          parent.appendChild(node); return node;
        };
        const details = document.getElementById('details');
        const hover = (node, text) => {
          el('title', {}, node).textContent = text;
          node.addEventListener('mouseenter', () => { details.textContent = text; });
        };
        const defs = el('defs', {});
        const marker = el('marker', {id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 6, markerHeight: 6, orient: 'auto'}, defs);
        el('path', {d: 'M0,0 L10,5 L0,10 z', fill: '#d6453d'}, marker);
        const colours = {running: '#2e9d4f', waiting: '#c9d3e0', ready: '#f2e2a4'};
        const marks = {returned: '✔', failed: '✘', cancelled: '⊘'};
        data.tracks.forEach(track => {
          const top = y(track.id);
          el('text', {x: 4, y: top + 13}).textContent = track.name;
          el('line', {x1: labelWidth, x2: labelWidth + plotWidth, y1: top + 9, y2: top + 9, stroke: '#e4e4e4'});
          track.spans.forEach(([kind, start, stop, what]) => {
            const w = Math.max(kind === 'running' ? 2 : 1, x(stop) - x(start));
            const rect = el('rect', {class: 'span', x: x(start), y: top + (kind === 'running' ? 0 : 4), width: w,
              height: kind === 'running' ? 18 : 10, fill: colours[kind], rx: 2});
            hover(rect, `${track.name} ${kind}${what ? ' on ' + what : ''} from ${seconds(start)} to ${seconds(stop)}`);
          });
          if (track.finished !== null) {
            el('text', {x: x(track.finished) + 3, y: top + 13}).textContent = marks[track.outcome] || '';
          }
        });
        data.flows.forEach(([from, sent, to, received]) => {
          const line = el('line', {class: 'flow', x1: x(sent), y1: y(from) + 9, x2: x(received), y2: y(to) + 9,
            stroke: '#d6453d', 'stroke-width': 1, 'marker-end': 'url(#arrow)', opacity: 0.7});
          const name = id => data.tracks[rows.get(id)].name;
          hover(line, `${name(from)} woke ${name(to)} at ${seconds(sent)}; it ran at ${seconds(received)}`);
        });
        services.forEach((service, i) => {
          const top = (data.tracks.length + i) * rowHeight + 10;
          const most = Math.max(1, ...service.samples.map(([, v]) => v));
          const level = v => top + 18 - (v / most) * 18;
          el('text', {x: 4, y: top + 13, fill: '#5a3d8a'}).textContent = service.name;
          let points = `${labelWidth},${level(0)}`, value = 0;
          service.samples.forEach(([t, v]) => { points += ` ${x(t)},${level(value)} ${x(t)},${level(v)}`; value = v; });
          points += ` ${labelWidth + plotWidth},${level(value)}`;
          const line = el('polyline', {class: 'span', points, fill: 'none', stroke: '#5a3d8a', 'stroke-width': 1.5});
          hover(line, `${service.name}: calls in flight, at most ${most}`);
          service.rejections.forEach(([t, what]) => {
            const tick = el('text', {x: x(t) - 3, y: top + 8, fill: '#d6453d'});
            tick.textContent = '✗';
            hover(tick, `${service.name}: a call rejected (${what}) at ${seconds(t)}`);
          });
        });
        const axis = (data.tracks.length + services.length) * rowHeight + 20;
        el('line', {x1: labelWidth, x2: labelWidth + plotWidth, y1: axis, y2: axis, stroke: '#888'});
        for (let i = 0; i <= 10; i++) {
          const t = end * i / 10;
          el('line', {x1: x(t), x2: x(t), y1: axis, y2: axis + 4, stroke: '#888'});
          el('text', {x: x(t) - 18, y: axis + 16}).textContent = seconds(t);
        }
        document.getElementById('chart').appendChild(svg);
        """#
}
