/// The sizes the request parser accepts; anything larger is refused with the status its error carries.
public struct HTTPParserLimits: Sendable, Equatable {
    /// Longest request line (method, target, version), without its line ending.
    public var maxRequestLineLength: Int
    /// Longest header or trailer line, without its line ending (Nova's `[wsgi] max_header_line`).
    public var maxHeaderLineLength: Int
    /// Request line plus every header and trailer line, line endings included.
    public var maxHeaderBytes: Int
    /// Header fields plus trailer fields of one request.
    public var maxHeaderCount: Int
    /// Largest decoded body (`[api] max_request_body_size`).
    public var maxBodySize: Int
    /// Longest chunk-size line (size plus extensions): extensions are never used, only abused.
    public var maxChunkLineLength: Int

    public init(
        maxRequestLineLength: Int = 16_384, maxHeaderLineLength: Int = 16_384, maxHeaderBytes: Int = 65_536,
        maxHeaderCount: Int = 100, maxBodySize: Int = 114_688, maxChunkLineLength: Int = 4_096
    ) {
        self.maxRequestLineLength = maxRequestLineLength
        self.maxHeaderLineLength = maxHeaderLineLength
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderCount = maxHeaderCount
        self.maxBodySize = maxBodySize
        self.maxChunkLineLength = maxChunkLineLength
    }
}
