/// Greedy word wrapping in the manner of Python's textwrap (as oslo-config-generator uses it): words are split
/// on whitespace and never broken, so a word longer than the width gets a line of its own.
public enum TextWrap {
    /// Wraps one paragraph; every line starts with `prefix` (counted in the width), the first with `firstPrefix`
    /// when given. An empty paragraph gives one line holding the prefix with trailing spaces removed.
    public static func wrap(_ text: String, width: Int, prefix: String = "", firstPrefix: String? = nil) -> [String] {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" })
        var lines: [String] = []
        var line = firstPrefix ?? prefix
        var lineHasWord = false
        for word in words {
            if lineHasWord && line.count + 1 + word.count > width {
                lines.append(line)
                line = prefix
                lineHasWord = false
            }
            line += (lineHasWord ? " " : "") + word
            lineHasWord = true
        }
        if lineHasWord || lines.isEmpty {
            lines.append(lineHasWord ? line : String(line.reversed().drop(while: { $0 == " " }).reversed()))
        }
        return lines
    }

    /// Wraps text whose `\n`-separated lines are paragraphs of their own.
    public static func wrapParagraphs(_ text: String, width: Int, prefix: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).flatMap {
            wrap(String($0), width: width, prefix: prefix)
        }
    }
}
