import CPagebulk

/// One ALLOC: which method, how many pieces of which order, from where.
public struct AllocRequest: Codable, Sendable, Equatable {
    public var method: AllocMethod
    public var order: UInt32
    public var count: UInt64
    public var gfp: GFPPreset
    public var mode: ContigMode
    /// Index into `ModuleInfo.cmaAreas`.
    public var cmaArea: Int?
    /// Range methods: [startPFN, endPFN); nil = the whole CMA area.
    public var startPFN: UInt64?
    public var endPFN: UInt64?
    /// Loop methods stop after this long (error -ETIME); nil = no limit.
    public var deadlineMs: UInt32?

    public init(method: AllocMethod, order: UInt32, count: UInt64, gfp: GFPPreset = .kernel,
                mode: ContigMode = .default, cmaArea: Int? = nil, startPFN: UInt64? = nil,
                endPFN: UInt64? = nil) {
        self.method = method
        self.order = order
        self.count = count
        self.gfp = gfp
        self.mode = mode
        self.cmaArea = cmaArea
        self.startPFN = startPFN
        self.endPFN = endPFN
    }

    /// The method as reports name it: "range-bulk/fast", "alloc-pages".
    /// The method, its mode, and its gfp when not GFP_KERNEL: the
    /// driver-like GFP_KERNEL loop and the movable one are different rows.
    public var label: String {
        let base = mode == .default ? method.rawValue : "\(method.rawValue)/\(mode.rawValue)"
        return gfp == .kernel ? base : "\(base)[\(gfp.rawValue)]"
    }

    var raw: pagebulk_alloc {
        var a = pagebulk_alloc()
        a.abi_version = UInt32(PAGEBULK_ABI_VERSION)
        a.method = method.raw
        a.order = order
        a.gfp = gfp.raw
        a.mode = mode.raw
        a.cma_area = Int32(cmaArea ?? Int(PAGEBULK_NO_CMA))
        a.count = count
        a.start_pfn = startPFN ?? 0
        a.end_pfn = endPFN ?? 0
        a.deadline_ms = deadlineMs ?? 0
        return a
    }
}

/// System-wide /proc/vmstat event deltas across one allocation call.
public struct VMEventDelta: Codable, Sendable, Equatable {
    public var pgmigrateSuccess: UInt64
    public var pgmigrateFail: UInt64
    public var compactStall: UInt64
    public var compactFail: UInt64
    public var compactSuccess: UInt64
    public var compactIsolated: UInt64
    public var cmaAllocSuccess: UInt64
    public var cmaAllocFail: UInt64
    public var pgscanDirect: UInt64
    public var pgstealDirect: UInt64

    init(_ d: pagebulk_vm_delta) {
        pgmigrateSuccess = d.pgmigrate_success
        pgmigrateFail = d.pgmigrate_fail
        compactStall = d.compact_stall
        compactFail = d.compact_fail
        compactSuccess = d.compact_success
        compactIsolated = d.compact_isolated
        cmaAllocSuccess = d.cma_alloc_success
        cmaAllocFail = d.cma_alloc_fail
        pgscanDirect = d.pgscan_direct
        pgstealDirect = d.pgsteal_direct
    }
}

public struct AllocResult: Codable, Sendable, Equatable {
    /// 0 when nothing was obtained (then nothing needs freeing).
    public var handle: UInt64
    public var obtained: UInt64
    public var elapsedNs: UInt64
    public var chunksTried: UInt64
    public var chunksIsolated: UInt64
    public var chunksSkipped: UInt64
    /// Why chunks were skipped; nil in documents from before ABI 4.
    public var skips: SkipReasons?
    /// The allocator's own error (negative errno), 0 if none.
    public var error: Int32
    public var vm: VMEventDelta

    init(_ a: pagebulk_alloc) {
        handle = a.handle
        obtained = a.nr_obtained
        elapsedNs = a.elapsed_ns
        chunksTried = a.chunks_tried
        chunksIsolated = a.chunks_isolated
        chunksSkipped = a.chunks_skipped
        skips = SkipReasons(a.skips)
        error = a.error
        vm = VMEventDelta(a.vm)
    }
}

public struct FreeResult: Codable, Sendable, Equatable {
    public var freed: UInt64
    public var elapsedNs: UInt64
}

/// What VERIFY does with a handle's pages.
public enum VerifyContents: Sendable {
    /// Write a pattern of each page's pfn and read it back.
    case writeAndRead
    /// Write a pattern unique to this call and read it back.
    case stamp
    /// Write nothing: the pages must still hold the last stamp.
    case check

    var flags: UInt32 {
        switch self {
        case .writeAndRead: 0
        case .stamp: UInt32(PAGEBULK_VERIFY_STAMP)
        case .check: UInt32(PAGEBULK_VERIFY_CHECK)
        }
    }
}

/// What VERIFY found in one handle's pieces.
public struct VerifyResult: Codable, Sendable, Equatable {
    public var pieces: UInt64
    public var order: UInt32
    public var minPFN: UInt64
    public var maxPFN: UInt64
    public var outside: UInt64
    public var misaligned: UInt64
    public var overlapping: UInt64
    public var badPages: UInt64

    init(_ v: pagebulk_verify) {
        pieces = v.nr_pieces
        order = v.order
        minPFN = v.min_pfn
        maxPFN = v.max_pfn
        outside = v.nr_outside
        misaligned = v.nr_misaligned
        overlapping = v.nr_overlapping
        badPages = v.nr_bad_pages
    }

    /// Everything a caller may rely on holds.
    public var isClean: Bool { outside == 0 && misaligned == 0 && overlapping == 0 && badPages == 0 }
}
