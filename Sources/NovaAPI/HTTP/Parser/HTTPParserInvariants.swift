/// What the parser promises for any input whatsoever, checked by the libFuzzer target
/// (`Fuzz/HTTPParser`, via `scripts/fuzz.sh`) and by the tests over its corpus:
/// - the result does not depend on how the bytes are split across `feed` calls;
/// - each request comes right after its own head, and nothing exceeds the limits;
/// - header names are tokens and values hold no CR, LF, NUL or other control character;
/// - a parsed request written back out (`wireBytes`) parses to exactly the same request.
enum HTTPParserInvariants {
    /// Small limits, so the fuzzer reaches every limit with short inputs.
    static let fuzzLimits = HTTPParserLimits(
        maxRequestLineLength: 512, maxHeaderLineLength: 512, maxHeaderBytes: 2048, maxHeaderCount: 20,
        maxBodySize: 4096, maxChunkLineLength: 64)

    struct Outcome: Equatable {
        var events: [HTTPRequestParser.Event] = []
        var error: HTTPParseError?
    }

    /// Parses `bytes`, fed in pieces whose sizes cycle through `slices`.
    static func run(_ bytes: [UInt8], limits: HTTPParserLimits, slices: [Int]) -> Outcome {
        var parser = HTTPRequestParser(limits: limits)
        var outcome = Outcome()
        var offset = 0
        var turn = 0
        repeat {
            let size = max(1, slices[turn % slices.count])
            turn += 1
            let end = bytes.count - offset <= size ? bytes.count : offset + size
            parser.feed(bytes[offset..<end])
            offset = end
            do {
                while true {
                    let event = try parser.next()
                    if event == .needMoreData { break }
                    outcome.events.append(event)
                }
            } catch {
                outcome.error = error
                return outcome
            }
        } while offset < bytes.count
        return outcome
    }

    /// The first broken promise for `input`, described, or nil when all hold.
    static func violation(in input: [UInt8], limits: HTTPParserLimits = fuzzLimits) -> String? {
        let whole = run(input, limits: limits, slices: [Int.max])
        let seed = Int(input.first ?? 0)
        if run(input, limits: limits, slices: [1 + seed % 7, 1, 13, 2]) != whole {
            return "feeding the input in pieces changed the result"
        }
        var pendingHead: HTTPRequestHead?
        for event in whole.events {
            switch event {
            case .needMoreData:
                return "needMoreData reported as an event"
            case .head(let head):
                if pendingHead != nil { return "two heads without a request between them" }
                if let problem = checkHead(head, limits: limits) { return problem }
                pendingHead = head
            case .request(let request):
                guard let head = pendingHead else { return "a request without a head" }
                pendingHead = nil
                if let problem = checkRequest(request, head: head, limits: limits) { return problem }
            }
        }
        return nil
    }

    static func checkHead(_ head: HTTPRequestHead, limits: HTTPParserLimits) -> String? {
        if case .length(let n) = head.framing, n > limits.maxBodySize { return "declared body over the limit" }
        if head.headers.fields.count > limits.maxHeaderCount { return "more header fields than the limit" }
        for (name, value) in head.headers.fields where !isClean(name, value) {
            return "unclean header field \(name.debugDescription): \(value.debugDescription)"
        }
        return nil
    }

    static func checkRequest(_ request: HTTPRequest, head: HTTPRequestHead, limits: HTTPParserLimits) -> String? {
        if request.method != head.method || request.target != head.target || request.version != head.version
            || request.headers != head.headers
        {
            return "the request does not match its head"
        }
        if request.body.count > limits.maxBodySize { return "body over the limit" }
        if case .length(let n) = head.framing, n != request.body.count {
            return "body length differs from Content-Length"
        }
        if request.headers.fields.count + request.trailers.fields.count > limits.maxHeaderCount {
            return "more fields than the limit"
        }
        for (name, value) in request.trailers.fields where !isClean(name, value) {
            return "unclean trailer field \(name.debugDescription): \(value.debugDescription)"
        }
        // Written back out, line endings become CRLF and obs-text becomes UTF-8: allow for the growth.
        var relaxed = limits
        relaxed.maxRequestLineLength *= 4
        relaxed.maxHeaderLineLength *= 4
        relaxed.maxHeaderBytes *= 4
        let again = run(request.wireBytes(), limits: relaxed, slices: [Int.max])
        let requests = again.events.compactMap { event -> HTTPRequest? in
            if case .request(let r) = event { return r }
            return nil
        }
        if again.error != nil || requests != [request] {
            return "the request written back out reads differently: \(again.error.map { "\($0)" } ?? "\(requests)")"
        }
        return nil
    }

    static func isClean(_ name: String, _ value: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy(HTTPGrammar.isToken)
            && value.unicodeScalars.allSatisfy { $0 == "\t" || ($0.value >= 32 && $0.value != 127) }
            && value.first != " " && value.last != " " && value.first != "\t" && value.last != "\t"
    }
}
