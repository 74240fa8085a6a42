/// `/proc/pagetypeinfo`: free blocks per order and migratetype, pageblocks per
/// migratetype and, with page_owner on, pageblocks holding mixed types.
///
/// mm/vmstat.c `pagetypeinfo_show()` prints, for each node with memory,
/// `Page block order: %d`, `Pages per block:  %lu`, then the free table
/// (`"Node %4d, zone %8s, type %12s "` + `"%s%6lu "` per order, the `%s` being
/// `">"` when the count was capped at 100000), the `Number of blocks type`
/// table and, only when page_owner is enabled, `Number of mixed blocks`.
/// Column sets depend on the config, so they are read from the header rows.
/// The 3.16 layout (a `Reserve` type, no order header lines) parses too.
public struct PageTypeInfo: Equatable, Sendable, Codable {
    /// A free-block count; `capped` when the kernel printed `>100000`.
    public struct Count: Equatable, Sendable, Codable {
        public var value: UInt64
        public var capped: Bool

        public init(_ value: UInt64, capped: Bool = false) {
            self.value = value
            self.capped = capped
        }
    }

    public struct FreeRow: Equatable, Sendable, Codable {
        public var node: Int
        public var zone: String
        public var migratetype: String
        /// Index = order.
        public var counts: [Count]
    }

    public struct BlockRow: Equatable, Sendable, Codable {
        public var node: Int
        public var zone: String
        /// In the order of `PageTypeInfo.migratetypes`.
        public var counts: [UInt64]
    }

    public var pageblockOrder: Int?
    public var pagesPerBlock: UInt64?
    public var freeCounts: [FreeRow]
    /// Column names of the block tables, as the kernel printed them.
    public var migratetypes: [String]
    public var blockCounts: [BlockRow]
    /// nil when the kernel printed no mixed-blocks table (page_owner off).
    public var mixedBlockCounts: [BlockRow]?

    private enum Section { case none, free, blocks, mixed }

    public init(parsing text: String) throws(ProcParseError) {
        func fail(_ line: Int, _ reason: String) -> ProcParseError {
            ProcParseError(file: "pagetypeinfo", line: line, reason: reason)
        }
        var section = Section.none
        var free: [FreeRow] = []
        var blocks: [BlockRow] = []
        var mixed: [BlockRow]? = nil
        var types: [String] = []
        var orders: Int? = nil

        for (number, line) in numberedLines(text) {
            let f = ZonePrefix.fields(line)
            if f.isEmpty { continue }
            if line.hasPrefix("Page block order:") {
                guard let v = f.last.flatMap({ Int($0) }) else { throw fail(number, "bad pageblock order") }
                pageblockOrder = v
            } else if line.hasPrefix("Pages per block:") {
                guard let v = f.last.flatMap({ UInt64($0) }) else { throw fail(number, "bad pages per block") }
                pagesPerBlock = v
            } else if line.hasPrefix("Free pages count per migrate type at order") {
                section = .free
            } else if line.hasPrefix("Number of blocks type") {
                section = .blocks
                let header = f.dropFirst(4).map(String.init)
                if !types.isEmpty && types != header { throw fail(number, "block columns differ between nodes") }
                types = header
            } else if line.hasPrefix("Number of mixed blocks") {
                section = .mixed
                if mixed == nil { mixed = [] }
                if f.dropFirst(4).map(String.init) != types { throw fail(number, "mixed-block columns differ from block columns") }
            } else if let prefix = ZonePrefix(line) {
                switch section {
                case .none:
                    throw fail(number, "zone row before any table header")
                case .free:
                    let rest = Array(prefix.rest)
                    guard rest.count >= 3, rest[0] == "type" else { throw fail(number, "expected ', type NAME counts...'") }
                    var counts: [Count] = []
                    for field in rest[2...] {
                        let capped = field.first == ">"
                        guard let v = UInt64(capped ? field.dropFirst() : field) else {
                            throw fail(number, "'\(field)' is not a free count")
                        }
                        counts.append(Count(v, capped: capped))
                    }
                    if let orders, orders != counts.count { throw fail(number, "\(counts.count) orders, expected \(orders)") }
                    orders = counts.count
                    free.append(FreeRow(node: prefix.node, zone: prefix.zone,
                                        migratetype: String(rest[1]), counts: counts))
                case .blocks, .mixed:
                    var counts: [UInt64] = []
                    for field in prefix.rest {
                        guard let v = UInt64(field) else { throw fail(number, "'\(field)' is not a block count") }
                        counts.append(v)
                    }
                    guard counts.count == types.count else {
                        throw fail(number, "\(counts.count) block counts for \(types.count) migratetypes")
                    }
                    let row = BlockRow(node: prefix.node, zone: prefix.zone, counts: counts)
                    if section == .blocks { blocks.append(row) } else { mixed?.append(row) }
                }
            } else {
                throw fail(number, "unrecognised line")
            }
        }
        guard !free.isEmpty else { throw fail(0, "no free-count table") }
        guard !blocks.isEmpty else { throw fail(0, "no block-count table") }
        self.freeCounts = free
        self.migratetypes = types
        self.blockCounts = blocks
        self.mixedBlockCounts = mixed
    }

    /// Free counts per order of one zone and migratetype.
    public func free(node: Int = 0, zone: String, migratetype: String) -> [Count]? {
        freeCounts.first { $0.node == node && $0.zone == zone && $0.migratetype == migratetype }?.counts
    }

    /// Pageblocks of a migratetype in a zone, from the block table (or the
    /// mixed-block table with `mixed: true`).
    public func blocks(node: Int = 0, zone: String, migratetype: String, mixed: Bool = false) -> UInt64? {
        guard let column = migratetypes.firstIndex(of: migratetype) else { return nil }
        let rows = mixed ? (mixedBlockCounts ?? []) : blockCounts
        return rows.first { $0.node == node && $0.zone == zone }?.counts[column]
    }
}
