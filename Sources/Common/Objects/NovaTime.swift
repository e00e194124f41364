import Foundation

/// Nova's datetime texts, formatted and parsed by hand (no DateFormatter, no locale, always UTC).
///
/// Nova's DateTimeField primitive is `2026-11-22T10:00:00Z`; the API shows action times as
/// `2026-11-22T10:00:00.123456`; SQL columns hold `2026-11-22 10:00:00.123456`.
public enum NovaTime {
    public enum Style: Sendable {
        /// `2026-11-22T10:00:00Z`, with `.ffffff` before the `Z` only when there are microseconds.
        /// (oslo's isotime drops sub-seconds; we keep them when present so ordering survives RPC,
        /// and Nova's parser accepts both.)
        case iso
        /// `2026-11-22T10:00:00Z`: whole seconds, as `timeutils.isotime()`.
        case isoSeconds
        /// `2026-11-22T10:00:00.123456`: Nova API's instance-action and migration times.
        case isoMicroseconds
        /// `2026-11-22 10:00:00.123456`: the database column form.
        case sql
    }

    /// Formats `date` in UTC.
    /// Dates outside years 1-9999 (which `parse` never returns) come out with as many year digits as they
    /// need and a sign, so that they are refused when read back rather than read as another date.
    public static func format(_ date: Date, _ style: Style = .iso) -> String {
        // Whole seconds and the fraction apart (the subtraction is exact): multiplying the whole interval
        // by 10^6 would lose microseconds far from 1970, where a Double's step is tens of microseconds.
        let t = date.timeIntervalSince1970
        let whole = t.isFinite ? min(max(t.rounded(.down), -1e15), 1e15) : 0
        var secs = Int64(whole)
        var micros = Int64(((t - whole) * 1_000_000).rounded())
        if micros >= 1_000_000 {
            micros -= 1_000_000
            secs += 1
        }
        var days = secs / 86_400
        var rem = secs % 86_400
        if rem < 0 {
            rem += 86_400
            days -= 1
        }
        let (y, m, d) = civil(fromDays: Int(days))
        var out: [UInt8] = []
        out.reserveCapacity(28)
        if y < 0 { out.append(0x2D) }
        put(&out, abs(y), max(4, String(abs(y)).count))
        out.append(0x2D)
        put(&out, m, 2)
        out.append(0x2D)
        put(&out, d, 2)
        out.append(style == .sql ? 0x20 : 0x54)
        put(&out, Int(rem / 3600), 2)
        out.append(0x3A)
        put(&out, Int(rem % 3600 / 60), 2)
        out.append(0x3A)
        put(&out, Int(rem % 60), 2)
        switch style {
        case .iso:
            if micros != 0 {
                out.append(0x2E)
                put(&out, Int(micros), 6)
            }
            out.append(0x5A)
        case .isoSeconds:
            out.append(0x5A)
        case .isoMicroseconds, .sql:
            out.append(0x2E)
            put(&out, Int(micros), 6)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Parses `YYYY-MM-DD[T ]HH:MM:SS[.f{1,9}][Z|±HH:MM|±HHMM|±HH]`; without a zone the time is UTC.
    /// Nil for anything else, and for times outside years 1-9999 once the zone is applied.
    public static func parse(_ text: String) -> Date? {
        var s = text
        return s.withUTF8 { parse(bytes: $0) }
    }

    /// The current time truncated to microseconds (what the database and the wire can hold).
    public static func now() -> Date {
        let t = Date().timeIntervalSince1970
        return Date(timeIntervalSince1970: (t * 1_000_000).rounded(.down) / 1_000_000)
    }

    static func parse(bytes b: UnsafeBufferPointer<UInt8>) -> Date? {
        var i = 0
        func num(_ n: Int) -> Int? {
            guard i + n <= b.count else { return nil }
            var v = 0
            for k in i..<(i + n) {
                let c = b[k]
                guard c >= 0x30, c <= 0x39 else { return nil }
                v = v * 10 + Int(c - 0x30)
            }
            i += n
            return v
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < b.count, b[i] == c else { return false }
            i += 1
            return true
        }
        guard let y = num(4), expect(0x2D), let mo = num(2), expect(0x2D), let d = num(2) else { return nil }
        guard i < b.count, b[i] == 0x54 || b[i] == 0x74 || b[i] == 0x20 else { return nil }
        i += 1
        guard let h = num(2), expect(0x3A), let mi = num(2), expect(0x3A), let se = num(2) else { return nil }
        // Year 0 and second 60 are refused, as by Python's datetime (and so by Nova).
        guard y >= 1, (1...12).contains(mo), d >= 1, d <= daysIn(month: mo, year: y), h < 24, mi < 60, se < 60 else {
            return nil
        }
        var micros = 0
        if i < b.count, b[i] == 0x2E {
            i += 1
            var digits = 0
            while i < b.count, b[i] >= 0x30, b[i] <= 0x39 {
                if digits < 6 { micros = micros * 10 + Int(b[i] - 0x30) }
                digits += 1
                i += 1
            }
            guard digits > 0 else { return nil }
            if digits < 6 { for _ in digits..<6 { micros *= 10 } }
        }
        var offset = 0
        if i < b.count {
            let c = b[i]
            if c == 0x5A || c == 0x7A {
                i += 1
            } else if c == 0x2B || c == 0x2D {
                i += 1
                guard let oh = num(2), oh < 24 else { return nil }
                var om = 0
                if i < b.count {
                    _ = expect(0x3A)
                    guard let m = num(2), m < 60 else { return nil }
                    om = m
                }
                offset = (oh * 60 + om) * 60 * (c == 0x2D ? -1 : 1)
            } else {
                return nil
            }
        }
        guard i == b.count else { return nil }
        let secs = days(fromCivil: y, mo, d) * 86_400 + h * 3600 + mi * 60 + se - offset
        let t = Double(secs) + Double(micros) / 1_000_000
        // An offset can carry 0001-01-01 or 9999-12-31 out of the range Nova (Python's datetime) can hold,
        // and so can rounding: 9999-12-31T23:59:59.999999 is 10000-01-01 to a Double.
        guard t >= firstSecond, t < endSecond else { return nil }
        return Date(timeIntervalSince1970: t)
    }

    /// 0001-01-01T00:00:00Z and 10000-01-01T00:00:00Z, in seconds since 1970: the range of Python's datetime.
    static let firstSecond = -62_135_596_800.0
    static let endSecond = 253_402_300_800.0

    /// Appends `value` as `width` zero-padded decimal digits.
    private static func put(_ out: inout [UInt8], _ value: Int, _ width: Int) {
        var div = 1
        for _ in 1..<width { div *= 10 }
        while div > 0 {
            out.append(UInt8(0x30 + (value / div) % 10))
            div /= 10
        }
    }

    private static func daysIn(month m: Int, year y: Int) -> Int {
        switch m {
        case 2: return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // Howard Hinnant's days-from-civil and civil-from-days (proleptic Gregorian calendar).
    static func days(fromCivil year: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(fromDays days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? yoe + era * 400 + 1 : yoe + era * 400, m, d)
    }
}
