/// `/proc/allocinfo` (CONFIG_MEM_ALLOC_PROFILING): bytes and calls live per
/// allocation call site (lib/alloc_tag.c `alloc_tag_to_text()`).
///
/// After a `allocinfo - version: 1.0` line and a `#` header, each line is
/// `%12lli %8llu ` then `file:line [module] func:name`, the module part
/// only for sites in modules.
public struct AllocInfo: Equatable, Sendable, Codable {
    public struct Site: Equatable, Sendable, Codable {
        public var bytes: Int64
        public var calls: UInt64
        /// `file:line`, e.g. `methods.c:221`.
        public var location: String
        public var module: String?
        public var function: String
    }

    public var sites: [Site]

    public init(parsing text: String) throws(ProcParseError) {
        var sites: [Site] = []
        for (number, line) in numberedLines(text) {
            let f = line.split(separator: " ")
            if f.isEmpty || line.hasPrefix("allocinfo") || f[0].hasPrefix("#") { continue }
            guard f.count >= 4, let bytes = Int64(f[0]), let calls = UInt64(f[1]),
                  let function = f.last, function.hasPrefix("func:") else {
                throw ProcParseError(file: "allocinfo", line: number, reason: "expected 'BYTES CALLS file:line [module] func:NAME'")
            }
            let module = f.count >= 5 && f[3].hasPrefix("[") ? String(f[3].dropFirst().dropLast()) : nil
            sites.append(Site(bytes: bytes, calls: calls, location: String(f[2]), module: module,
                              function: String(function.dropFirst(5))))
        }
        self.sites = sites
    }

    /// Bytes live at the call sites of one module.
    public func bytes(module: String) -> Int64 {
        sites.filter { $0.module == module }.reduce(0) { $0 + $1.bytes }
    }
}
