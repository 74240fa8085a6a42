import PagebulkKit
import SystemPackage

/// Requests that must fail cleanly, with the errno the uapi header promises.
struct BadInputChecks {
    var info: ModuleInfo
    var area: ModuleInfo.CMAArea

    func run(_ control: borrowing ControlFile, _ list: inout CheckList) {
        let lastEnd = info.zones.map(\.endPFN).max() ?? 0
        let rejected: [(String, AllocRequest, Errno)] = [
            ("order above MAX_PAGE_ORDER", AllocRequest(method: .allocPages, order: 11, count: 1), .invalidArgument),
            ("count 0", AllocRequest(method: .allocPages, order: 0, count: 0), .invalidArgument),
            ("count larger than memory", AllocRequest(method: .bulkArray, order: 0, count: 1 << 40), .invalidArgument),
            ("bulk-array above order 0", AllocRequest(method: .bulkArray, order: 1, count: 8), .invalidArgument),
            ("CMA method without an area", AllocRequest(method: .cmaWhole, order: 4, count: 8), .invalidArgument),
            ("unknown CMA area", AllocRequest(method: .cmaPerChunk, order: 4, count: 8, cmaArea: 7), .invalidArgument),
            ("negative CMA area", AllocRequest(method: .cmaPerChunk, order: 4, count: 8, cmaArea: -5), .invalidArgument),
            ("range beyond the last zone", AllocRequest(method: .contigRange, order: 0, count: 16,
                                                        startPFN: lastEnd + 1024, endPFN: lastEnd + 2048), .invalidArgument),
            ("range across the end of memory", AllocRequest(method: .contigRange, order: 0, count: 64,
                                                            startPFN: lastEnd - 32, endPFN: lastEnd + 32), .invalidArgument),
            ("inverted range", AllocRequest(method: .contigRange, order: 0, count: 1,
                                            startPFN: area.basePFN + 100, endPFN: area.basePFN + 10), .invalidArgument),
            ("range outside the named CMA area", AllocRequest(method: .contigRange, order: 0, count: 1, cmaArea: area.index,
                                                              startPFN: area.endPFN, endPFN: area.endPFN + 512), .invalidArgument),
            ("contiguous request larger than its range", AllocRequest(method: .contigRange, order: 4, count: 64,
                                                                      cmaArea: area.index, startPFN: area.basePFN,
                                                                      endPFN: area.basePFN + 512), .invalidArgument),
            ("contiguous range not aligned to its order", AllocRequest(method: .contigRange, order: 4, count: 2,
                                                                       cmaArea: area.index, startPFN: area.basePFN + 8,
                                                                       endPFN: area.basePFN + 512), .invalidArgument),
            ("gfp alloc_contig_range refuses", AllocRequest(method: .contigRange, order: 0, count: 16,
                                                            gfp: .atomic, cmaArea: area.index), .invalidArgument),
        ]
        let bulk: [(String, AllocRequest, Errno)] = [
            ("range-bulk with a range smaller than a pageblock",
             AllocRequest(method: .rangeBulk, order: 4, count: 8, mode: .fast, cmaArea: area.index,
                          startPFN: area.basePFN + 1, endPFN: area.basePFN + 500), .invalidArgument),
            ("range-bulk beyond the last zone",
             AllocRequest(method: .rangeBulk, order: 4, count: 8, mode: .fast,
                          startPFN: lastEnd + 4096, endPFN: lastEnd + 8192), .invalidArgument),
            ("range-bulk across the end of memory",
             AllocRequest(method: .rangeBulk, order: 4, count: 8, mode: .fast,
                          startPFN: lastEnd - 1024, endPFN: lastEnd + 1024), .invalidArgument),
            ("range-bulk order above MAX_PAGE_ORDER",
             AllocRequest(method: .rangeBulk, order: 11, count: 1, mode: .fast, cmaArea: area.index), .invalidArgument),
            ("range-bulk count 0",
             AllocRequest(method: .rangeBulk, order: 4, count: 0, mode: .fast, cmaArea: area.index), .invalidArgument),
            ("range-bulk gfp it refuses",
             AllocRequest(method: .rangeBulk, order: 4, count: 8, gfp: .noretry, mode: .fast, cmaArea: area.index),
             .invalidArgument),
            ("a mode for a method without modes",
             AllocRequest(method: .allocPages, order: 0, count: 1, mode: .fast), .invalidArgument),
            ("compact above order 0", AllocRequest(method: .compact, order: 1, count: 8), .invalidArgument),
        ]
        for (name, request, errno) in rejected + bulk.filter({ info.supports($0.1.method) }) {
            list.check("rejects \(name) with \(errno)") {
                try expectErrno(errno) { _ = try control.alloc(request) }
            }
        }
        let good = AllocRequest(method: .allocPages, order: 0, count: 1)
        list.check("rejects another ABI version with EPROTO") {
            try expectErrno(.protocolError) { try control.forgedAlloc(good, abiVersion: PagebulkABI.version + 1) }
        }
        list.check("rejects another struct size with EINVAL") {
            try expectErrno(.invalidArgument) { try control.forgedAlloc(good, size: PagebulkABI.allocSize - 8) }
        }
        list.check("unknown, zero and freed handles get ENOENT") {
            try expectErrno(.noSuchFileOrDirectory) { _ = try control.free(handle: 0) }
            try expectErrno(.noSuchFileOrDirectory) { _ = try control.free(handle: 1 << 40) }
            try expectErrno(.noSuchFileOrDirectory) { _ = try control.verify(handle: 424_242) }
            let r = try control.alloc(good)
            _ = try control.free(handle: r.handle)
            try expectErrno(.noSuchFileOrDirectory) { _ = try control.free(handle: r.handle) }
        }
    }
}
