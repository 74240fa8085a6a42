import CPagebulk
import PagebulkKit
import SystemPackage

/// The CENSUS ioctl: its counts add up, it sees what the module holds, and
/// bad requests fail with the errno the uapi header promises.
struct CensusChecks {
    var info: ModuleInfo
    var area: ModuleInfo.CMAArea

    func run(_ control: borrowing ControlFile, _ list: inout CheckList) {
        list.check("census of the CMA area counts every page once, in the totals and per pageblock") {
            let c = try control.census(.cmaArea(area), blockOrder: info.pageblockOrder)
            try expect(c.startPFN == area.basePFN && c.endPFN == area.endPFN,
                       "walked \(c.startPFN)..<\(c.endPFN), area \(area.basePFN)..<\(area.endPFN)")
            try expect(c.pagesCounted == area.pages, "counted \(c.pagesCounted) of \(area.pages) pages")
            try expect(c.blockPagesCounted == area.pages, "blocks hold \(c.blockPagesCounted) of \(area.pages)")
        }
        if info.supports(.cmaBulk) {
            list.check("census sees 64 x order-4 the module holds in the area as in use, not free") {
                let request = AllocRequest(method: .cmaBulk, order: 4, count: 64, mode: .fast, cmaArea: area.index)
                let before = try control.census(.cmaArea(area), blockOrder: info.pageblockOrder)
                let held = try control.alloc(request)
                defer { if held.handle != 0 { _ = try? control.free(handle: held.handle) } }
                try expect(held.obtained == 64, "got \(held.obtained) of 64")
                let during = try control.census(.cmaArea(area), blockOrder: info.pageblockOrder)
                try expect(during.other >= 1024, "other \(during.other), want at least the 1024 held")
                try expect(during.free.addingReportingOverflow(1024).partialValue <= before.free + 512,
                           "free \(before.free) -> \(during.free) with 1024 pages held")
            }
        }
        let blockOrder = info.pageblockOrder
        let rejected: [(String, pagebulk_census, Errno)] = [
            ("an unknown CMA area", raw(area: 7), .invalidArgument),
            ("an inverted range", raw(start: area.basePFN + 100, end: area.basePFN + 10), .invalidArgument),
            ("a range over 2^24 pages", raw(start: area.basePFN, end: area.basePFN + (1 << 24) + 1), .invalidArgument),
            ("a block array too small for the range",
             raw(start: area.basePFN, end: area.endPFN, blocks: 0x1000, nrBlocks: 1), .invalidArgument),
            ("a bad block array pointer",
             raw(start: area.basePFN, end: area.basePFN + (1 << blockOrder), blocks: 0x10, nrBlocks: 8), .badAddress),
        ]
        for (name, request, errno) in rejected {
            list.check("census rejects \(name) with \(errno)") {
                try expectErrno(errno) { try control.census(raw: request) }
            }
        }
    }

    private func raw(area index: Int32 = Int32(PAGEBULK_NO_CMA), start: UInt64 = 0, end: UInt64 = 0,
                     blocks: UInt64 = 0, nrBlocks: UInt32 = 0) -> pagebulk_census {
        var c = pagebulk_census()
        c.abi_version = UInt32(PAGEBULK_ABI_VERSION)
        c.cma_area = index
        c.start_pfn = start
        c.end_pfn = end
        c.blocks = blocks
        c.nr_blocks = nrBlocks
        return c
    }
}
