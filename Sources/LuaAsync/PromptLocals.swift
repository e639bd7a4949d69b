/// `local x = 1` at the REPL's prompt keeps `x` for later inputs. Each input is a chunk of
/// its own (lua.c's way), so its locals end with it; a prompt that forgot `x` on the next
/// line surprises everyone. An input that opens with `local` declarations (or a `local
/// function`) declares them as the session's globals instead. Names with attributes
/// (`<const>`, `<close>`) stay local, and the prompt says so: a to-be-closed variable must
/// close when its input ends.
enum PromptLocals {
    /// What a local with an attribute gets told.
    static let attributeNote = "a local with an attribute (<const>, <close>) ends with its input, as in lua.c; "
        + "write it without `local` to keep it for later inputs"

    /// The input as it runs, and a note when its locals could not be kept.
    static func globalized(_ input: String) -> (text: String, note: String?) {
        let text = rewritten(input)
        let keptLocal = text == input && input.drop(while: { $0 == " " || $0 == "\t" }).hasPrefix("local ")
        return (text, keptLocal && input.contains("<") ? attributeNote : nil)
    }

    private static func rewritten(_ input: String) -> String {
        let text = Substring(input)
        let start = text.drop { $0 == " " || $0 == "\t" }
        guard start.hasPrefix("local"), let afterKeyword = start.dropFirst(5).first, afterKeyword == " " || afterKeyword == "\t" else {
            return input
        }
        let rest = start.dropFirst(5).drop { $0 == " " || $0 == "\t" }
        if rest.hasPrefix("function"), rest.dropFirst(8).first.map({ $0 == " " || $0 == "\t" }) == true {
            return String(rest)  // local function f() ... end → function f() ... end
        }
        // The names: identifiers separated by commas.
        var cursor = rest.startIndex
        var names: [Substring] = []
        while true {
            let name = rest[cursor...].prefix { $0.isLetter || $0.isNumber || $0 == "_" }
            guard let first = name.first, !first.isNumber else { return input }
            names.append(name)
            cursor = rest[name.endIndex...].drop { $0 == " " || $0 == "\t" }.startIndex
            guard cursor < rest.endIndex, rest[cursor] == "," else { break }
            cursor = rest[rest.index(after: cursor)...].drop { $0 == " " || $0 == "\t" }.startIndex
        }
        let tail = rest[cursor...]
        let list = names.joined(separator: ", ")
        if tail.hasPrefix("="), !tail.hasPrefix("==") {
            return list + " " + tail  // local x, y = 1, 2 → x, y = 1, 2
        }
        if tail.allSatisfy({ $0 == " " || $0 == "\t" || $0 == ";" || $0 == "\n" }) {
            return list + " = nil"  // local x → x = nil
        }
        return input  // attributes, or something this does not read: left as typed
    }
}
