#if canImport(Glibc)
import Glibc
#endif
import PagebulkKit
import SystemPackage

/// Unloading with allocations held: the module cannot go while a file is
/// open (rmmod fails, the pages stay held and intact), and once the holder
/// is gone it unloads and the allocator is where it was without it.
/// Runs with no control file of its own open.
struct TeardownChecks {
    var module: KernelModule
    var controlPath: String
    var area: ModuleInfo.CMAArea

    static let refcountPath = "/sys/module/pagebulk/refcnt"

    func run(_ list: inout CheckList) {
        guard let me = ChildProcess.ownExecutable() else { return }
        // Lives across the first two checks; whatever is left of it when
        // run() returns is killed and reaped then.
        var holder: ChildProcess?
        var baseline: Invariants?
        list.check("rmmod while a file holds allocations fails, and they stay held") {
            baseline = try Invariants.capture()
            var child = try ChildProcess([me, "hold", "--control", controlPath, "--cma", area.name,
                                          "--method", "cma-whole", "--order", "4", "--count", "256", "--pins", "4"])
            _ = child.readLine(timeoutMs: 30_000)
            let held = child.readLine(timeoutMs: 60_000)?.split(separator: " ")
            holder = consume child
            try expect(held?.count == 3 && held?[2] == "256", "holder says \(held ?? [])")
            do {
                try module.remove()
                throw CheckFailure(description: "rmmod succeeded with a file open")
            } catch let PagebulkError.system(_, _, errno) {
                try expect(errno == .resourceTemporarilyUnavailable || errno == .resourceBusy,
                           "rmmod failed with \(errno)")
            }
            let refs = try TextFile.read(Self.refcountPath).filter(\.isNumber)
            try expect(refs == "1", "module refcount \(refs), want 1 (the holder's file)")
            let used = try Invariants.capture().cmaUsed[area.name] ?? 0
            let was = baseline?.cmaUsed[area.name] ?? 0
            try expect(used >= was && used - was >= 256 * 16, "CMA used \(used), baseline \(was): the holding is gone")
        }
        list.check("once the holder dies the module unloads, and memory is back") {
            if var child = holder.take() {
                child.kill()
                _ = try child.wait()
            }
            try module.remove()
            try expect(try !TextFile.exists(Self.refcountPath), "module still loaded")
            try expect(try !TextFile.exists(controlPath), "control file still there")
            if let baseline { try Invariants.capture().check(against: baseline) }
        }
        list.check("the module loads again, holding nothing") {
            try module.insert()
            let file = try ControlFile.open(controlPath)
            let info = try file.info()
            try expect(info.heldHandles == 0 && info.heldPages == 0 && info.closedPages == 0,
                       "fresh module reports \(info.heldPages) held, \(info.closedPages) closed")
        }
    }
}
