/// Writes a recorded run as one self-contained HTML page: a row per task, coloured by what
/// it did (running, ready, asleep, waiting on each kind of primitive), nested under the
/// task that made it; a track per queue, semaphore, lock, event and simulated service; marks
/// where tasks were cancelled, timed out or failed; wake-up arrows; zoom and pan along
/// time, and a click pins a span's details.
///
/// The page carries the run as JSON (`dataJSON`, pinned by a golden test) and a script that
/// draws it with `textContent` and `setAttribute` only; it loads nothing from the network.
/// Every text from the run is escaped for where it is written: the title for HTML, the data
/// for a `<script>` element (`scriptSafe`).
public enum HTMLTimeline {
    public static func page(_ trace: TraceRecorder, title: String) -> String {
        let legend = TimelineState.allCases.map { state in
            "<span class=\"key\" data-state=\"\(state.rawValue)\"><i class=\"swatch s-\(state.rawValue)\"></i>"
                + "\(escape(state.meaning))</span>"
        }.joined(separator: "\n")
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
            <title>\(escape(title))</title>
            <style>
            \(HTMLTimelineScript.style)
            </style>
            </head>
            <body>
            <header>
            <h1>\(escape(title))</h1>
            <div id="summary"></div>
            <div class="legend">
            \(legend)
            <span class="key" data-mark="timeout"><b class="mark m-timeout">◷</b>timed out</span>
            <span class="key" data-mark="cancel"><b class="mark m-cancel">×</b>cancel asked</span>
            <span class="key" data-mark="cancelled"><b class="mark m-cancelled">⊘</b>cancelled</span>
            <span class="key" data-mark="error"><b class="mark m-error">✘</b>failed</span>
            <span class="key" data-mark="returned"><b class="mark m-returned">✔</b>returned</span>
            <span class="key" data-mark="wake"><i class="swatch s-wake"></i>woke another task</span>
            </div>
            <div class="controls">
            <button id="zoom-in" title="zoom in (+)">+</button><button id="zoom-out" title="zoom out (−)">−</button><button id="zoom-fit" title="show the whole run (0)">whole run</button>
            <label><input type="checkbox" id="show-wakes" checked> wake-up arrows</label>
            <span id="view"></span>
            <span class="hint">scroll to zoom, drag to pan, click a span to pin its details</span>
            </div>
            <div id="details" class="details">Hover over a span; click it to pin its details here.</div>
            </header>
            <div id="chart"></div>
            <script type="application/json" id="tide-data">
            \(scriptSafe(dataJSON(trace)))
            </script>
            <script>
            \(HTMLTimelineScript.script)
            </script>
            </body>
            </html>

            """
    }

    /// The run as JSON (see `HTMLTimelineData`).
    public static func dataJSON(_ trace: TraceRecorder) -> String { HTMLTimelineData.json(trace) }

    /// JSON that can stand inside a `<script>` element: `<`, `>` and `&` only ever appear in
    /// its strings, where `\u003c` and the like mean the same, so no task name can close the
    /// element (`</script>`) and have the rest run as the page's own HTML.
    static func scriptSafe(_ json: String) -> String {
        substitute(json, ["<": "\\u003c", ">": "\\u003e", "&": "\\u0026"])
    }

    /// Text for the page's HTML, in an element or a quoted attribute.
    static func escape(_ text: String) -> String {
        substitute(text, ["&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;"])
    }

    private static func substitute(_ text: String, _ replacements: [Character: String]) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            if let replacement = replacements[character] { out += replacement } else { out.append(character) }
        }
        return out
    }
}
