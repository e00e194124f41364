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

    /// Found with the object decoder's fuzz target (Fuzz/ObjectDecoder): these were accepted and then
    /// written back as another date ("0000-01-01T00:59:59Z" for the first), or as year 0.
    @Test(arguments: [
        "9999-12-31T23:59:59-01:00", "0001-01-01T00:00:00+01:00", "0000-01-01T00:00:00Z",
        "9999-12-31T23:59:59.999999Z", "2026-11-22T10:00:00+24:00", "2026-11-22T10:00:00+01:60",
        "2026-11-22T10:00:60Z",
    ])
    func refusesTimesOutsideYears1To9999AndImpossibleFields(text: String) {
        #expect(NovaTime.parse(text) == nil)
    }

    @Test func theEdgesOfTheRangeStillParseAndFormatBack() {
        #expect(NovaTime.parse("0001-01-01T00:00:00Z").map { NovaTime.format($0) } == "0001-01-01T00:00:00Z")
        #expect(NovaTime.parse("9999-12-31T23:59:59Z").map { NovaTime.format($0) } == "9999-12-31T23:59:59Z")
        #expect(NovaTime.parse("0001-01-01T01:00:00+01:00").map { NovaTime.format($0) } == "0001-01-01T00:00:00Z")
        #expect(NovaTime.parse("9999-12-31T22:59:59-01:00").map { NovaTime.format($0) } == "9999-12-31T23:59:59Z")
    }

    @Test func formattedTimesAreAFixedPointFarFrom1970() {
        // A Double holds far dates only to tens of microseconds: the first reading may round, but the text
        // written then reads back to itself (re-encoding a decoded object gives the same primitive).
        for text in ["9999-12-31T23:59:59.123457Z", "0001-01-01T00:00:00.000001Z", "4321-06-07T08:09:10.999999Z"] {
            guard let d = NovaTime.parse(text) else {
                Issue.record("\(text) refused")
                continue
            }
            let canonical = NovaTime.format(d)
            #expect(NovaTime.parse(canonical).map { NovaTime.format($0) } == canonical, "\(text)")
        }
    }

    @Test func datesOutsideTheRangeAreWrittenSoThatTheyAreRefused() {
        let late = Date(timeIntervalSince1970: NovaTime.endSecond + 3600)
        #expect(NovaTime.format(late) == "10000-01-01T01:00:00Z")
        #expect(NovaTime.parse(NovaTime.format(late)) == nil)
        let yearZero = Date(timeIntervalSince1970: NovaTime.firstSecond - 86_400)
        #expect(NovaTime.format(yearZero) == "0000-12-31T00:00:00Z")
        #expect(NovaTime.parse(NovaTime.format(yearZero)) == nil)
        let bc = Date(timeIntervalSince1970: NovaTime.firstSecond - 86_400 * 800)
        #expect(NovaTime.format(bc).hasPrefix("-0002-"))
        #expect(NovaTime.parse(NovaTime.format(bc)) == nil)
    }
}
