import CPagebulk

/// INFO: the module, the kernel, and the memory layout requests refer to.
public struct ModuleInfo: Codable, Sendable, Equatable {
    public struct CMAArea: Codable, Sendable, Equatable {
        public var index: Int
        public var name: String
        public var basePFN: UInt64
        public var pages: UInt64
        /// Held at UInt64.max rather than trapping on a corrupted count, so
        /// that `basePFN..<endPFN` is always a range.
        public var endPFN: UInt64 {
            let (end, overflow) = basePFN.addingReportingOverflow(pages)
            return overflow ? .max : end
        }
    }

    public struct ZoneSpan: Codable, Sendable, Equatable {
        public var node: UInt32
        public var name: String
        public var startPFN: UInt64
        public var endPFN: UInt64
        public var managedPages: UInt64
        public var freePages: UInt64
    }

    public var abiVersion: UInt32
    public var release: String
    public var pageShift: UInt32
    public var pageblockOrder: UInt32
    public var maxPageOrder: UInt32
    public var methods: [AllocMethod]
    public var cmaAreas: [CMAArea]
    public var zones: [ZoneSpan]
    public var heldHandles: UInt64
    public var heldPages: UInt64
    /// Since load: ALLOCs that returned to a caller with a fatal signal
    /// pending, and the base pages they had obtained.
    public var killedAllocs: UInt64
    public var killedPages: UInt64
    /// Since load: handles (and their base pages) that a close freed.
    public var closedHandles: UInt64
    public var closedPages: UInt64

    init(_ i: pagebulk_info) {
        abiVersion = i.abi_version
        release = cString(i.release)
        pageShift = i.page_shift
        pageblockOrder = i.block_order
        maxPageOrder = i.max_page_order
        methods = AllocMethod.allCases.filter { i.methods & (UInt64(1) << UInt64($0.raw)) != 0 }
        let cma = withUnsafeBytes(of: i.cma) { Array($0.bindMemory(to: pagebulk_cma_area.self)) }
        cmaAreas = cma.prefix(Int(min(i.nr_cma_areas, UInt32(cma.count)))).enumerated().map {
            CMAArea(index: $0.offset, name: cString($0.element.name),
                    basePFN: $0.element.base_pfn, pages: $0.element.nr_pages)
        }
        let zones = withUnsafeBytes(of: i.zones) { Array($0.bindMemory(to: pagebulk_zone.self)) }
        self.zones = zones.prefix(Int(min(i.nr_zones, UInt32(zones.count)))).map {
            ZoneSpan(node: $0.node, name: cString($0.name), startPFN: $0.start_pfn,
                     endPFN: $0.end_pfn, managedPages: $0.managed_pages, freePages: $0.free_pages)
        }
        heldHandles = i.held_handles
        heldPages = i.held_pages
        killedAllocs = i.killed_allocs
        killedPages = i.killed_pages
        closedHandles = i.closed_handles
        closedPages = i.closed_pages
    }

    public func cmaArea(named name: String) -> CMAArea? {
        cmaAreas.first { $0.name == name } ?? Int(name).flatMap { idx in cmaAreas.first { $0.index == idx } }
    }

    public func supports(_ method: AllocMethod) -> Bool { methods.contains(method) }
}

/// A fixed-size C char array (imported as a tuple) up to its first NUL;
/// never reads past the array even if the kernel filled it completely.
func cString<T>(_ tuple: T) -> String {
    withUnsafeBytes(of: tuple) { raw in
        let bytes = raw.prefix { $0 != 0 }
        return String(decoding: bytes, as: UTF8.self)
    }
}
