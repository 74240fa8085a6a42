import Testing
@testable import PagebulkReport

/// How a report names the seed load's anonymous pressure: the regulator
/// since issue 14, stress-ng in the documents from before it. The knob
/// lines are the ones the seed load recorded.
@Suite struct WorkloadDescriptionTests {
    @Test func seedLoadNamesItsAnonymousPressure() {
        let before = Workload(compileJobs: 2, warmupSeconds: 90, profile: "seed", knobs: [
            "load seed: stress-ng --vm 1 --vm-bytes 673M --vm-keep (45 % of RAM)"])
        #expect(before.description.contains("O_DIRECT fio, stress-ng), 90 s warm-up"))
        let now = Workload(compileJobs: 2, warmupSeconds: 20, profile: "seed", knobs: [
            "load seed: anon regulator (guest-anon-regulator.py): 8 MiB anonymous chunks, grow while free > 1.5 x low"])
        #expect(now.description.contains("anon regulator near the low watermark"))
        #expect(!now.description.contains("stress-ng"))
    }
}
