@testable import NovaAPI

/// Drives a parser over some text, fed whole or in slices, and collects what came out.
struct ParseOutcome: Equatable {
    var heads: [HTTPRequestHead] = []
    var requests: [HTTPRequest] = []
    var error: HTTPParseError?
}

func parse(_ text: String, limits: HTTPParserLimits = HTTPParserLimits(), slice: Int = .max) -> ParseOutcome {
    parse(Array(text.utf8), limits: limits, slice: slice)
}

func parse(_ bytes: [UInt8], limits: HTTPParserLimits = HTTPParserLimits(), slice: Int = .max) -> ParseOutcome {
    var parser = HTTPRequestParser(limits: limits)
    var outcome = ParseOutcome()
    var offset = 0
    repeat {
        let end = min(bytes.count, offset + max(1, min(slice, bytes.count)))
        parser.feed(bytes[offset..<end])
        offset = end
        do {
            loop: while true {
                switch try parser.next() {
                case .needMoreData: break loop
                case .head(let h): outcome.heads.append(h)
                case .request(let r): outcome.requests.append(r)
                }
            }
        } catch {
            outcome.error = error
            return outcome
        }
    } while offset < bytes.count
    return outcome
}
