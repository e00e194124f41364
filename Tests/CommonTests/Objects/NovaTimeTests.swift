import Foundation
import Testing

@testable import Common

@Suite struct NovaTimeTests {
    let t = Date(timeIntervalSince1970: 1_795_341_600)  // 2026-11-22T10:00:00Z

    @Test func formatsNovasForms() {
        #expect(NovaTime.format(t) == "2026-11-22T10:00:00Z")
        #expect(NovaTime.format(t, .isoSeconds) == "2026-11-22T10:00:00Z")
        #expect(NovaTime.format(t, .isoMicroseconds) == "2026-11-22T10:00:00.000000")
        #expect(NovaTime.format(t, .sql) == "2026-11-22 10:00:00.000000")
        let withMicros = t.addingTimeInterval(0.123456)
        #expect(NovaTime.format(withMicros) == "2026-11-22T10:00:00.123456Z")
        #expect(NovaTime.format(withMicros, .isoSeconds) == "2026-11-22T10:00:00Z")
        #expect(NovaTime.format(withMicros, .isoMicroseconds) == "2026-11-22T10:00:00.123456")
        #expect(NovaTime.format(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
        #expect(NovaTime.format(Date(timeIntervalSince1970: 951_782_400)) == "2000-02-29T00:00:00Z")
        #expect(NovaTime.format(Date(timeIntervalSince1970: -1)) == "1969-12-31T23:59:59Z")
    }

    @Test func parsesNovasForms() {
        #expect(NovaTime.parse("2026-11-22T10:00:00Z") == t)
        #expect(NovaTime.parse("2026-11-22T10:00:00") == t)
        #expect(NovaTime.parse("2026-11-22 10:00:00") == t)
        #expect(NovaTime.parse("2026-11-22T10:00:00.000000") == t)
        #expect(NovaTime.parse("2026-11-22T10:00:00+00:00") == t)
        #expect(NovaTime.parse("2026-11-22T12:00:00+02:00") == t)
        #expect(NovaTime.parse("2026-11-22T09:30:00-0030") == t)
        let micros = NovaTime.parse("2026-11-22T10:00:00.123456")
        #expect(micros.map { NovaTime.format($0, .isoMicroseconds) } == "2026-11-22T10:00:00.123456")
        #expect(NovaTime.parse("2026-11-22T10:00:00.5Z").map { NovaTime.format($0) } == "2026-11-22T10:00:00.500000Z")
        #expect(
            NovaTime.parse("2026-11-22T10:00:00.1234567891Z").map { NovaTime.format($0) }
                == "2026-11-22T10:00:00.123456Z")
    }

    @Test func rejectsWhatIsNotADatetime() {
        for bad in [
            "", "yesterday", "2026-11-22", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z",
            "2026-11-22T24:00:00Z", "2026-11-22T10:00:00.Z", "2026-11-22T10:00:00Q",
            "2026-11-22T10:00:00Z trailing", "2026/11/22T10:00:00Z",
        ] {
            #expect(NovaTime.parse(bad) == nil, "\(bad)")
        }
    }

    @Test func roundTripsEveryStyle() {
        var d = t
        for _ in 0..<500 {
            d = d.addingTimeInterval(86_400 * 37.123457)
            let exact = Date(timeIntervalSince1970: (d.timeIntervalSince1970 * 1e6).rounded() / 1e6)
            #expect(NovaTime.parse(NovaTime.format(exact)) == exact)
            #expect(NovaTime.parse(NovaTime.format(exact, .sql)) == exact)
            #expect(NovaTime.parse(NovaTime.format(exact, .isoMicroseconds)) == exact)
        }
    }

    @Test func nowHasMicrosecondPrecision() {
        let n = NovaTime.now()
        #expect(NovaTime.parse(NovaTime.format(n, .isoMicroseconds)) == n)
    }
}
