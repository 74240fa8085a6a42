import ArgumentParser
import PagebulkKit
import PagebulkReport

/// Allocate, report, free. Handles live as long as the control file is
/// open, so a one-shot command frees before it exits; `session` keeps them.
struct AllocCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alloc", abstract: "Allocate with one method, report the yield and cost, then free.")

    @OptionGroup var module: ModuleOptions
    @OptionGroup var what: AllocOptions
    @Flag(help: "Write and read back every page and check alignment, overlap and range.")
    var verify = false
    @OptionGroup var output: JSONFlag

    struct Record: Encodable {
        var request: AllocRequest
        var result: AllocResult
        var verify: VerifyResult?
        var free: FreeResult?
    }

    func run() throws {
        let record = try module.withControl { control in
            let request = try what.request(try control.info())
            let result = try control.alloc(request)
            var record = Record(request: request, result: result)
            if result.handle != 0 {
                if verify { record.verify = try control.verify(handle: result.handle) }
                record.free = try control.free(handle: result.handle)
            }
            return record
        }
        if output.json {
            print(try JSONText.encode(record))
            return
        }
        print(AllocCommand.describe(record.request, record.result))
        if let v = record.verify { print(AllocCommand.describe(v)) }
        if let f = record.free { print("freed \(f.freed) pieces in \(f.elapsedNs) ns") }
    }

    static func describe(_ request: AllocRequest, _ r: AllocResult) -> String {
        var s = "\(request.label): \(r.obtained)/\(request.count) x order-\(request.order)"
            + " in \(r.elapsedNs / 1000) us (QEMU TCG if in the VM), handle \(r.handle)"
        if r.error != 0 { s += ", allocator error \(r.error)" }
        if r.chunksTried > 0 { s += ", chunks \(r.chunksTried) tried / \(r.chunksIsolated) isolated / \(r.chunksSkipped) skipped" }
        if let k = r.skips, k.chunks > 0 {
            s += " (other type \(k.otherType), isolation \(k.isolation), busy \(k.busy): busy pages "
                + k.busyPages.map { "\($0.state) \($0.pages)" }.joined(separator: ", ") + ")"
        }
        s += ", migrated \(r.vm.pgmigrateSuccess) (failed \(r.vm.pgmigrateFail))"
        return s
    }

    static func describe(_ v: VerifyResult) -> String {
        "verify: \(v.pieces) pieces, pfn \(v.minPFN)..<\(v.maxPFN), outside \(v.outside),"
            + " misaligned \(v.misaligned), overlapping \(v.overlapping), bad pages \(v.badPages)"
    }
}
