import ArgumentParser
import PagebulkKit
import PagebulkReport
import SystemPackage

/// The in-guest smoke suite of `make test`: every method allocates real
/// pages that are checked and freed, every bad request gets its error, and
/// the allocator's state comes back.
struct SmokeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "smoke", abstract: "In-guest smoke tests of the module; ends with 'N passed, N failed'.")

    @OptionGroup var module: ModuleOptions
    @Option(help: "CMA area to allocate from.") var cma: String = "reserved"
    @Option(help: "Directory to write smoke.json (the outcomes) into.") var out: String?

    func run() throws {
        var list = CheckList()
        try module.withControl { control in
            let info = try control.info()
            let baseline = try Invariants.capture(control)
            SmokeChecks(info: info, cmaName: cma, controlPath: module.control).run(control, &list)
            list.check("invariants back to baseline") {
                let now = try Invariants.capture(control)
                let broken = now.violations(against: baseline)
                try expect(broken.isEmpty, broken.joined(separator: "; "))
            }
        }
        if let out { try OutputDirectory.write(list.outcomes, into: out, as: "smoke.json") }
        print(list.summaryLine)
        if list.failed > 0 { throw ExitCode(1) }
    }
}

struct SmokeChecks {
    var info: ModuleInfo
    var cmaName: String
    var controlPath: String

    func run(_ control: borrowing ControlFile, _ list: inout CheckList) {
        list.check("info describes ABI \(PagebulkABI.version), pageblocks and zones") {
            try expect(info.abiVersion == PagebulkABI.version, "ABI \(info.abiVersion)")
            try expect(!info.release.isEmpty, "empty release")
            try expect(info.maxPageOrder == 10, "MAX_PAGE_ORDER \(info.maxPageOrder)")
            try expect(info.pageblockOrder == 9, "pageblock order \(info.pageblockOrder)")
            try expect(!info.zones.isEmpty, "no zones")
            try expect(info.zones.allSatisfy { $0.startPFN < $0.endPFN }, "empty zone span")
            let missing = AllocMethod.allCases.filter { !info.supports($0) }
            try expect(missing.isEmpty, "methods missing: \(missing.map(\.rawValue))")
        }
        guard let area = info.cmaArea(named: cmaName) else {
            list.check("CMA area \(cmaName) exists") { throw CheckFailure(description: "boot with cma=") }
            return
        }
        let cmaRange = area.basePFN..<area.endPFN
        let cases: [(AllocRequest, Range<UInt64>?)] = [
            (AllocRequest(method: .allocPages, order: 4, count: 256, gfp: .highuserMovable), nil),
            (AllocRequest(method: .allocPages, order: 0, count: 2048), nil),
            (AllocRequest(method: .bulkArray, order: 0, count: 2048), nil),
            (AllocRequest(method: .cmaWhole, order: 4, count: 256, cmaArea: area.index), cmaRange),
            (AllocRequest(method: .cmaPerChunk, order: 4, count: 128, cmaArea: area.index), cmaRange),
            (AllocRequest(method: .cmaPerChunkResume, order: 4, count: 128, cmaArea: area.index), cmaRange),
            (AllocRequest(method: .contigRange, order: 4, count: 64, cmaArea: area.index), cmaRange),
            (AllocRequest(method: .contigRange, order: 9, count: 2, cmaArea: area.index,
                          startPFN: area.basePFN + 4096, endPFN: area.endPFN), cmaRange),
        ]
        var bulk: [(AllocRequest, Range<UInt64>?)] = []
        for mode in [ContigMode.default, .normal, .fast, .hard] {
            bulk.append((AllocRequest(method: .rangeBulk, order: 4, count: 512, mode: mode, cmaArea: area.index), cmaRange))
            bulk.append((AllocRequest(method: .contigRange, order: 4, count: 32, mode: mode, cmaArea: area.index), cmaRange))
        }
        for mode in [ContigMode.default, .fast, .hard] {
            bulk.append((AllocRequest(method: .cmaBulk, order: 4, count: 512, mode: mode, cmaArea: area.index), cmaRange))
        }
        bulk += [
            (AllocRequest(method: .cmaBulkTwoPass, order: 4, count: 512, cmaArea: area.index), cmaRange),
            (AllocRequest(method: .cmaBulk, order: 9, count: 20, mode: .fast, cmaArea: area.index), cmaRange),
            (AllocRequest(method: .rangeBulk, order: 0, count: 3000, mode: .fast, cmaArea: area.index), cmaRange),
            (AllocRequest(method: .rangeBulk, order: 9, count: 16, mode: .fast, cmaArea: area.index), cmaRange),
            (AllocRequest(method: .rangeBulk, order: 10, count: 8, mode: .normal, cmaArea: area.index), cmaRange),
            (AllocRequest(method: .rangeBulk, order: 3, count: 100, mode: .fast, cmaArea: area.index,
                          startPFN: area.basePFN + 1000, endPFN: area.basePFN + 9000),
             (area.basePFN + 1024)..<(area.basePFN + 8704)),
        ]
        for (request, range) in cases + bulk where info.supports(request.method) {
            if request.method == .contigRange && request.mode == .fast {
                checkAllOrBusy(request, range, control, &list)
            } else {
                checkAllocation(request, range, control, &list)
            }
        }
        BadInputChecks(info: info, area: area).run(control, &list)
        CensusChecks(info: info, area: area).run(control, &list)
        Order0Checks(info: info).run(control, &list)
        if info.supports(.cmaBulk) {
            PinChecks(area: area).run(control, &list)
            PinPlacementChecks(area: area, controlPath: controlPath).run(control, &list)
        }
        list.check("a deadline stops a loop with ETIME and keeps what it got") {
            var r = AllocRequest(method: .allocPages, order: 0, count: 200_000)
            r.deadlineMs = 1
            let result = try control.alloc(r)
            try expect(result.error == -Errno.timeout.rawValue, "error \(result.error), want -ETIME")
            try expect(result.obtained < r.count, "the loop ran to the end")
            if result.handle != 0 {
                try expect(try control.free(handle: result.handle).freed == result.obtained, "free count")
            }
        }
        checkPrivilege(&list)
        checkCloseFrees(area, control, &list)
    }

    func checkAllocation(_ r: AllocRequest, _ range: Range<UInt64>?, _ control: borrowing ControlFile,
                         _ list: inout CheckList) {
        list.check("\(r.label) \(r.count) x order-\(r.order): full yield, verified, freed") {
            let result = try control.alloc(r)
            try expect(result.obtained == r.count, "obtained \(result.obtained)/\(r.count), error \(result.error)")
            try expect(result.handle != 0, "no handle")
            let held = try control.info().heldPages
            try expect(held == r.count << UInt64(r.order), "module reports \(held) pages held")
            let v = try control.verify(handle: result.handle, range: range)
            try expect(v.pieces == r.count && v.order == r.order, "verify saw \(v.pieces) x order-\(v.order)")
            try expect(v.isClean, AllocCommand.describe(v))
            let freed = try control.free(handle: result.handle)
            try expect(freed.freed == r.count, "freed \(freed.freed)")
        }
    }

    /// FAST does not drain the per-cpu lists, so pages freed there (by
    /// cma_release() of earlier checks) keep a range busy: all or -EBUSY.
    func checkAllOrBusy(_ r: AllocRequest, _ range: Range<UInt64>?, _ control: borrowing ControlFile,
                        _ list: inout CheckList) {
        list.check("\(r.label) \(r.count) x order-\(r.order): all of it, or EBUSY holding nothing") {
            let result = try control.alloc(r)
            if result.handle == 0 {
                try expect(result.obtained == 0 && result.error == -Errno.resourceBusy.rawValue,
                           "obtained \(result.obtained), error \(result.error)")
                try expect(try control.info().heldPages == 0, "pages held after a failed call")
                return
            }
            try expect(result.obtained == r.count, "obtained \(result.obtained)/\(r.count)")
            try expect(try control.verify(handle: result.handle, range: range).isClean, "verify failed")
            _ = try control.free(handle: result.handle)
        }
    }

    func checkPrivilege(_ list: inout CheckList) {
        guard let me = ChildProcess.ownExecutable() else { return }
        let probe = [me, "probe-open", "--control", controlPath]
        list.check("an unprivileged user cannot open the control file") {
            let rc = try ChildProcess.run(["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"]
                                          + probe)
            try expect(rc == Errno.permissionDenied.rawValue, "exit \(rc), want EACCES")
        }
        list.check("root without CAP_SYS_ADMIN gets EPERM") {
            let rc = try ChildProcess.run(["/usr/bin/setpriv", "--inh-caps=-sys_admin", "--bounding-set=-sys_admin", "--"]
                                          + probe)
            try expect(rc == Errno.notPermitted.rawValue, "exit \(rc), want EPERM")
        }
    }

    func checkCloseFrees(_ area: ModuleInfo.CMAArea, _ control: borrowing ControlFile, _ list: inout CheckList) {
        list.check("closing the control file frees what it held") {
            let other = try ControlFile.open(controlPath)
            let a = try other.alloc(AllocRequest(method: .allocPages, order: 2, count: 512))
            let b = try other.alloc(AllocRequest(method: .cmaWhole, order: 4, count: 64, cmaArea: area.index))
            try expect(a.handle != 0 && b.handle != 0, "allocations failed")
            let during = try control.info().heldPages
            other.close()
            let after = try control.info()
            try expect(during == 512 * 4 + 64 * 16, "held \(during) while open")
            try expect(after.heldPages == 0 && after.heldHandles == 0, "still held after close: \(after.heldPages)")
        }
    }
}
