/// `/proc/buddyinfo`: free blocks per order for every populated zone.
///
/// mm/vmstat.c `frag_show_print()`: `"Node %d, zone %8s "` then `"%6lu "` per
/// order. The counts are blocks of 2^order pages, not pages.
public struct BuddyInfo: Equatable, Sendable, Codable {
    public struct Zone: Equatable, Sendable, Codable {
        public var node: Int
        public var name: String
        /// Free blocks at order 0, 1, ... (index = order).
        public var freeBlocks: [UInt64]

        public init(node: Int, name: String, freeBlocks: [UInt64]) {
            self.node = node
            self.name = name
            self.freeBlocks = freeBlocks
        }

        /// Free base pages the blocks add up to.
        public var freePages: UInt64 {
            freeBlocks.enumerated().reduce(0) { $0 + ($1.element << UInt64($1.offset)) }
        }
    }

    public var zones: [Zone]

    public init(zones: [Zone]) {
        self.zones = zones
    }

    public init(parsing text: String) throws(ProcParseError) {
        var zones: [Zone] = []
        for (number, line) in numberedLines(text) where !line.allSatisfy(\.isWhitespace) {
            guard let prefix = ZonePrefix(line) else {
                throw ProcParseError(file: "buddyinfo", line: number,
                                     reason: "expected 'Node N, zone NAME counts...'")
            }
            var counts: [UInt64] = []
            for field in prefix.rest {
                guard let value = UInt64(field) else {
                    throw ProcParseError(file: "buddyinfo", line: number,
                                         reason: "'\(field)' is not a block count")
                }
                counts.append(value)
            }
            guard !counts.isEmpty else {
                throw ProcParseError(file: "buddyinfo", line: number, reason: "no counts")
            }
            if let first = zones.first, first.freeBlocks.count != counts.count {
                throw ProcParseError(file: "buddyinfo", line: number,
                                     reason: "\(counts.count) orders, earlier zones have \(first.freeBlocks.count)")
            }
            zones.append(Zone(node: prefix.node, name: prefix.zone, freeBlocks: counts))
        }
        guard !zones.isEmpty else {
            throw ProcParseError(file: "buddyinfo", line: 0, reason: "no zones")
        }
        self.zones = zones
    }

    public func zone(node: Int = 0, named name: String) -> Zone? {
        zones.first { $0.node == node && $0.name == name }
    }
}
