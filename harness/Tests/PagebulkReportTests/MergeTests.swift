import PagebulkKit
import Testing
@testable import PagebulkReport

/// Several boots of one scenario pooled into one document.
@Suite struct MergeTests {
    func highorder() throws -> AllocationDocument {
        guard case let .allocation(d) = try JSONText.decode(ResultDocument.self, from: RecordedRun.text("highorder.json"))
        else { throw DocumentError.mismatch("highorder.json") }
        return d
    }

    @Test func allocationTrialsPoolAndCountOn() throws {
        let boot = try highorder()
        guard case let .allocation(pooled) = try Merge.pooled([.allocation(boot), .allocation(boot)]) else {
            throw DocumentError.mismatch("not allocation")
        }
        #expect(pooled.trials.count == 2 * boot.trials.count)
        #expect(pooled.parameters.trials == 2 * boot.parameters.trials)
        let fast = try #require(pooled.method("range-bulk/fast"))
        let one = try #require(boot.method("range-bulk/fast"))
        #expect(fast.trials == 2 * one.trials && fast.fullSuccess == 2 * one.fullSuccess)
        // Each method's trials number on: 0, 1 from the first boot, 2, 3 from the second.
        #expect(pooled.trials.filter { $0.request.label == "range-bulk/fast" }.map(\.trial) == [0, 1, 2, 3])
        // Four trials instead of two: the Wilson interval narrows.
        let before = try #require(one.fullRate.interval), after = try #require(fast.fullRate.interval)
        #expect(after.lower > before.lower)
    }

    @Test func order0SamplesPoolPerRun() throws {
        guard case let .order0(boot) = try JSONText.decode(ResultDocument.self, from: RecordedRun.text("order0.json"))
        else { throw DocumentError.mismatch("order0.json") }
        let pooled = try Merge.order0([boot, boot, boot])
        #expect(pooled.runs.count == boot.runs.count)
        #expect(zip(pooled.runs, boot.runs).allSatisfy { $0.samples.count == 3 * $1.samples.count })
        #expect(pooled.parameters.iterations == 3 * boot.parameters.iterations)
        // Identical boots: the same per-page costs.
        #expect(Order0Table(pooled) == Order0Table(boot))
    }

    @Test func mismatchedBootsAreRefused() throws {
        let boot = try highorder()
        var other = boot
        other.parameters.count = 4800
        #expect(throws: DocumentError.self) { try Merge.allocation([boot, other]) }
        var stock = boot
        stock.context.kernelRelease = "6.12.117-stock"
        #expect(throws: DocumentError.self) { try Merge.allocation([boot, stock]) }
        #expect(throws: DocumentError.empty) { try Merge.pooled([]) }
        let frag = try RecordedRun.documents().filter { $0.scenario == .fragmentation }
        #expect(throws: DocumentError.self) { try Merge.pooled(frag) }
        let order0 = try #require(try RecordedRun.documents().first { $0.scenario == .order0 })
        #expect(throws: DocumentError.self) { try Merge.pooled([.allocation(boot), order0]) }
    }
}
