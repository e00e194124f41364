#if canImport(Glibc)
    import Glibc
#endif

/// An incremental HTTP/1.1 request parser: feed it bytes as they arrive, pull events out. A value type
/// without I/O, so tests and the fuzzer drive it directly. After an error it stays failed: the bytes
/// that follow a bad request cannot be framed, so the connection must be answered and closed.
public struct HTTPRequestParser: Sendable {
    public enum Event: Sendable, Equatable {
        /// Everything buffered has been consumed; feed more bytes.
        case needMoreData
        /// The headers of a request are complete (once per request, before its body).
        case head(HTTPRequestHead)
        /// A whole request, body decoded.
        case request(HTTPRequest)
    }

    enum State: Sendable, Equatable {
        case requestLine
        case headers
        case body(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers
        case complete
        case failed(HTTPParseError)
    }

    /// The request being read.
    struct Pending: Sendable {
        var method = ""
        var target = ""
        var version = ""
        var headers = HTTPHeaders()
        var trailers = HTTPHeaders()
        var body: [UInt8] = []
        var head: HTTPRequestHead?
        var headBytes = 0
        var fieldCount = 0
    }

    public let limits: HTTPParserLimits
    private var buffer: [UInt8] = []
    /// First byte not yet consumed.
    private var start = 0
    /// Where the search for the current line's end resumes, so trickled bytes are scanned once.
    private var scan = 0
    private(set) var state: State = .requestLine
    private var pending = Pending()

    public init(limits: HTTPParserLimits = HTTPParserLimits()) {
        self.limits = limits
    }

    public mutating func feed(_ bytes: some Sequence<UInt8>) {
        buffer.append(contentsOf: bytes)
    }

    public mutating func feed(_ bytes: UnsafeRawBufferPointer) {
        buffer.append(contentsOf: bytes)
    }

    /// Bytes received and not yet consumed.
    public var bufferedByteCount: Int { buffer.count - start }

    /// Whether nothing of a next request has arrived: the connection is idle between requests.
    public var isIdle: Bool { state == .requestLine && start == buffer.count }

    /// Whether the headers of the current request are complete and its body is still being read.
    public var isReadingBody: Bool {
        switch state {
        case .body, .chunkSize, .chunkData, .chunkDataEnd, .trailers: true
        default: false
        }
    }

    /// The error the parser failed with, if it did.
    public var failure: HTTPParseError? {
        if case .failed(let e) = state { return e }
        return nil
    }

    /// The next event from the bytes fed so far.
    public mutating func next() throws(HTTPParseError) -> Event {
        if case .failed(let e) = state { throw e }
        do {
            let event = try step()
            compact()
            return event
        } catch {
            state = .failed(error)
            throw error
        }
    }

    private var available: Int { buffer.count - start }

    private mutating func step() throws(HTTPParseError) -> Event {
        while true {
            switch state {
            case .requestLine:
                try checkMethodSoFar()
                guard let line = try takeLine(limit: limits.maxRequestLineLength, tooLong: .requestLineTooLong)
                else { return .needMoreData }
                // RFC 9112 §2.2: empty lines before a request line are ignored.
                if line.isEmpty { continue }
                pending = Pending()
                pending.headBytes = line.count + 2
                let (method, target, version) = try Self.parseRequestLine(line)
                (pending.method, pending.target, pending.version) = (method, target, version)
                state = .headers
            case .headers:
                guard let line = try takeFieldLine() else { return .needMoreData }
                if line.isEmpty { return try finishHead() }
                let field = try Self.parseField(line)
                pending.headers.add(field.name, field.value)
            case .body(let remaining):
                let n = takeBody(upTo: remaining)
                if n == 0 { return .needMoreData }
                state = n == remaining ? .complete : .body(remaining: remaining - n)
            case .chunkSize:
                guard let line = try takeLine(limit: limits.maxChunkLineLength, tooLong: .malformedChunk)
                else { return .needMoreData }
                let size = try Self.parseChunkSize(line, room: limits.maxBodySize - pending.body.count)
                state = size == 0 ? .trailers : .chunkData(remaining: size)
            case .chunkData(let remaining):
                let n = takeBody(upTo: remaining)
                if n == 0 { return .needMoreData }
                state = n == remaining ? .chunkDataEnd : .chunkData(remaining: remaining - n)
            case .chunkDataEnd:
                guard let line = try takeLine(limit: 0, tooLong: .malformedChunk) else { return .needMoreData }
                if !line.isEmpty { throw .malformedChunk }
                state = .chunkSize
            case .trailers:
                guard let line = try takeFieldLine() else { return .needMoreData }
                if line.isEmpty {
                    state = .complete
                    continue
                }
                let field = try Self.parseField(line)
                pending.trailers.add(field.name, field.value)
            case .complete:
                let request = HTTPRequest(
                    method: pending.method, target: pending.target, version: pending.version,
                    headers: pending.headers, body: pending.body, trailers: pending.trailers)
                pending = Pending()
                state = .requestLine
                return .request(request)
            case .failed(let e):
                throw e
            }
        }
    }

    /// Ends the header block: works out framing and connection semantics, and where the body goes next.
    private mutating func finishHead() throws(HTTPParseError) -> Event {
        let head = try Self.makeHead(pending, limits: limits)
        pending.head = head
        switch head.framing {
        case .none, .length(0): state = .complete
        case .length(let n):
            pending.body.reserveCapacity(n)
            state = .body(remaining: n)
        case .chunked: state = .chunkSize
        }
        return .head(head)
    }

    private mutating func takeBody(upTo remaining: Int) -> Int {
        let n = min(remaining, available)
        if n > 0 {
            pending.body.append(contentsOf: buffer[start..<(start + n)])
            start += n
            scan = start
        }
        return n
    }

    /// A header or trailer line, counted against the head's size and field limits.
    private mutating func takeFieldLine() throws(HTTPParseError) -> ArraySlice<UInt8>? {
        let before = start
        guard let line = try takeLine(limit: limits.maxHeaderLineLength, tooLong: .headerLineTooLong) else {
            if pending.headBytes + available > limits.maxHeaderBytes { throw .headersTooLarge }
            return nil
        }
        pending.headBytes += start - before
        if pending.headBytes > limits.maxHeaderBytes { throw .headersTooLarge }
        if !line.isEmpty {
            pending.fieldCount += 1
            if pending.fieldCount > limits.maxHeaderCount { throw .tooManyHeaders }
        }
        return line
    }

    /// The next line without its ending (LF or CRLF), or nil until one is complete. A line longer than
    /// `limit` fails as soon as that is known, without waiting for its end.
    /// Refuses a request line whose method already holds a byte no method can hold (a TLS handshake or
    /// other binary sent to the HTTP port) without waiting for a line end that may never come. Only the
    /// first `maxRequestLineLength + 1` bytes are looked at, so the verdict is the same however the bytes
    /// arrive: any prefix long enough to be "too long" already holds all of them.
    private func checkMethodSoFar() throws(HTTPParseError) {
        let end = min(buffer.count, start + limits.maxRequestLineLength + 1)
        var i = start
        while i < end {
            let b = buffer[i]
            if b == HTTPGrammar.space || b == HTTPGrammar.cr || b == HTTPGrammar.lf { return }
            if !HTTPGrammar.isToken(b) { throw .malformedRequestLine }
            i += 1
        }
    }

    private mutating func takeLine(limit: Int, tooLong: HTTPParseError) throws(HTTPParseError)
        -> ArraySlice<UInt8>?
    {
        let end = buffer.count
        let found: Int? = buffer.withUnsafeBufferPointer { p in
            guard scan < end, let base = p.baseAddress,
                let hit = memchr(base + scan, Int32(HTTPGrammar.lf), end - scan)
            else { return nil }
            return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        }
        guard let lf = found else {
            scan = end
            // One byte of slack for a CR whose LF has not arrived yet.
            if end - start > limit + 1 { throw tooLong }
            return nil
        }
        var contentEnd = lf
        if contentEnd > start && buffer[contentEnd - 1] == HTTPGrammar.cr { contentEnd -= 1 }
        if contentEnd - start > limit { throw tooLong }
        let line = buffer[start..<contentEnd]
        start = lf + 1
        scan = start
        return line
    }

    /// Drops consumed bytes once they are the larger part of the buffer.
    private mutating func compact() {
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: buffer.capacity <= 262_144)
            start = 0
            scan = 0
        } else if start >= 16_384 && start * 2 >= buffer.count {
            buffer.removeSubrange(0..<start)
            scan -= start
            start = 0
        }
    }
}
