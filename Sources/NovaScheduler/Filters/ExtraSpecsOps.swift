/// The operators of flavor extra specs and aggregate metadata matches (nova/scheduler/filters/
/// extra_specs_ops.py): `= 4` (at least), `== 4`, `!= 4`, `>= 4`, `<= 4`, `s== x` and the other string
/// comparisons, `<in> x` (substring), `<all-in> x y`, `<or> a <or> b`. Anything else must equal exactly.
public enum ExtraSpecsOps {
    public static func match(_ value: String, _ requirement: String) -> Bool {
        var words = requirement.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init)
        guard let op = words.first, isOperator(op) else { return value == requirement }
        words.removeFirst()
        if op == "<or>" {
            // "<or> a <or> b": every other word is an alternative.
            return words.enumerated().contains { $0.offset % 2 == 0 && $0.element == value }
        }
        guard let operand = words.first else { return false }
        switch op {
        case "<in>": return value.contains(operand)
        case "<all-in>": return words.allSatisfy { value.contains($0) }
        case "s==": return value == operand
        case "s!=": return value != operand
        case "s<": return value < operand
        case "s<=": return value <= operand
        case "s>": return value > operand
        case "s>=": return value >= operand
        default: break
        }
        // Numeric comparisons: a value or operand that is not a number does not match.
        guard let x = Double(value), let y = Double(operand) else { return false }
        switch op {
        case "=", ">=": return x >= y
        case "==": return x == y
        case "!=": return x != y
        case "<=": return x <= y
        default: return false
        }
    }

    static func isOperator(_ w: String) -> Bool {
        ["=", "<in>", "<all-in>", "==", "!=", ">=", "<=", "s==", "s!=", "s<", "s<=", "s>", "s>=", "<or>"].contains(w)
    }
}
