import Testing

@testable import NovaAPI

@Suite struct MicroversionTests {
    @Test func parsesNovasFormatOnly() {
        #expect(Microversion(parsing: "2.1") == Microversion(2, 1))
        #expect(Microversion(parsing: "2.104") == Microversion(2, 104))
        #expect(Microversion(parsing: "2.0") == Microversion(2, 0))
        for bad in ["2", "2.", ".1", "02.1", "2.01", "0.1", "a.b", "2.1.0", "", " 2.1", "2.-1"] {
            #expect(Microversion(parsing: bad) == nil, "\(bad)")
        }
    }

    @Test func comparesNumerically() {
        let v: Microversion = "2.10"
        #expect(v > "2.9")
        #expect(v >= "2.10")
        #expect(v < "2.37")
        #expect(v.matches("2.1", "2.10"))
        #expect(!v.matches("2.11", nil))
        #expect(v.matches(nil, nil))
        #expect("\(Microversion(2, 53))" == "2.53")
    }

    @Test func boundsAreStated() {
        #expect(Microversion.minimum == "2.1")
        #expect(Microversion.maximum >= Microversion.minimum)
    }
}
