import ArgumentParser
import PagebulkKit
import Testing
@testable import pagebulk

/// The dmaheap scenario's and heap-checks' arguments.
@Suite struct HeapCommandTests {
    @Test func defaultsAreTheIssues() throws {
        let parsed = try PagebulkCommand.parseAsRoot(["scenario", "dmaheap"])
        let s = try #require(parsed as? DmaheapScenario)
        #expect(s.heap.sizeMib == 300)
        #expect(s.heap.heaps == [.system, .reserved, .chunk, .chunkFast])
        #expect(s.heap.cma == "reserved" && !s.quick)
        let q = try #require(try PagebulkCommand.parseAsRoot(["scenario", "dmaheap", "--quick", "--heaps", "chunk",
                                                               "chunk-fast", "--order-seed", "5"]) as? DmaheapScenario)
        #expect(q.quick && q.heap.heaps == [.chunk, .chunkFast] && q.order.orderSeed == 5)
        #expect(try PagebulkCommand.parseAsRoot(["heap-checks", "--module", "m.ko"]) is HeapChecksCommand)
    }

    @Test func badArgumentsAreUsageErrors() {
        for arguments in [["scenario", "dmaheap", "--size-mib", "0"], ["scenario", "dmaheap", "--size-mib=-1"],
                          ["scenario", "dmaheap", "--size-mib", "1048577"],
                          ["scenario", "dmaheap", "--heaps", "chunk", "chunk"],
                          ["scenario", "dmaheap", "--heaps", "carveout"], ["scenario", "dmaheap", "--trials", "0"]] {
            do {
                _ = try PagebulkCommand.parseAsRoot(arguments)
                Issue.record("\(arguments) parsed")
            } catch {
                #expect(PagebulkCommand.exitCode(for: error) == .validationFailure, "\(arguments)")
            }
        }
    }

    /// What scripts/test.sh and scripts/demo.sh run, parsed as the guest parses it.
    @Test func scriptInvocations() throws {
        let ko = "/build/pagebulk.ko"
        let checks = try #require(try PagebulkCommand.parseAsRoot(["heap-checks", "--module", ko, "--out", "/run/out"])
                                  as? HeapChecksCommand)
        #expect(checks.module.modulePath == ko && checks.out == "/run/out" && checks.cma == "reserved")
        let quick = try #require(try PagebulkCommand.parseAsRoot(
            ["scenario", "dmaheap", "--quick", "--module", ko, "--out", "/run/out", "--load-script",
             "/work/scripts/guest-load.sh", "--warmup", "10"]) as? DmaheapScenario)
        #expect(quick.quick && quick.workload.profile == "light" && quick.scenario.out == "/run/out")
        let seed = try #require(try PagebulkCommand.parseAsRoot(
            ["scenario", "dmaheap", "--module", ko, "--out", "/run/out", "--trials", "5", "--order-seed", "2",
             "--load-script", "/work/scripts/guest-load-seed.sh", "--warmup", "90", "--refill-percent", "60",
             "--refill-timeout", "60"]) as? DmaheapScenario)
        #expect(seed.workload.profile == "seed" && seed.order.refillPercent == 60 && seed.scenario.trials == 5)
        #expect(HeapChecksCommand.skipLine.hasPrefix("SKIP heap-checks"), "scripts/test.sh greps for it")
    }
}
