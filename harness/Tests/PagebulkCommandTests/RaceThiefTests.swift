import PagebulkKit
import PagebulkReport
import Testing
@testable import pagebulk

/// The reliability race's extra threads: the thief that FREEs the next ids
/// of the shared file, the ledger that says whether its handles add up,
/// and the pin churn.
@Suite struct RaceThiefTests {
    func plan(seconds: Double = 5, threads: Int = 2) throws -> RacePlan {
        let area = try JSONText.decode(ModuleInfo.CMAArea.self,
                                   from: #"{"index": 0, "name": "reserved", "basePFN": 262144, "pages": 128000}"#)
        return RacePlan(controlPath: "/dev/null", area: area, window: 262_144..<270_336, methods: [.rangeBulk],
                        threads: threads, seconds: seconds, seed: 1)
    }

    @Test func theThiefAimsAtTheEvenIdsJustAboveTheNewest() {
        var w = ThiefWindow()
        #expect(w.targets == [2])
        w.observe(1)
        #expect(w.targets == [2, 4])
        w.observe(2)
        #expect(w.targets == [4])
        // Never backwards: an older id from the board changes nothing.
        w.observe(1)
        #expect(w.newest == 2 && w.targets == [4])
        w.observe(41)
        #expect(w.targets == [42, 44])
        // Odd ids stay with their owners, whatever the newest.
        for newest in UInt64(0)..<50 {
            var v = ThiefWindow()
            v.observe(newest)
            #expect(v.targets.allSatisfy { $0 > newest && $0 <= newest + ThiefWindow.width && $0 % 2 == 0 })
            #expect(!v.targets.isEmpty)
        }
    }

    @Test func aCorruptedHandleNearTheEndOfUInt64DoesNotTrap() {
        var w = ThiefWindow()
        w.observe(.max - 1)
        #expect(w.targets.isEmpty)
        w.observe(.max - 4)
        #expect(w.newest == UInt64.max - 1)
        var v = ThiefWindow()
        v.observe(.max - 3)
        #expect(v.targets == [UInt64.max - 1])
    }

    @Test func theBoardKeepsTheNewestId() {
        let board = HandleBoard()
        #expect(board.latest == 0)
        board.publish(7)
        board.publish(3)
        #expect(board.latest == 7)
        let results = RaceThreads.run(4) { index in
            for i in 0..<1000 { board.publish(UInt64(index * 1000 + i)) }
            return index
        }
        #expect(results == [0, 1, 2, 3] && board.latest == 3999)
    }

    /// Two owners; the thief took handle 2 right after its ALLOC (its
    /// owner's STAMP met ENOENT) and handle 4 later (its owner's FREE).
    func cleanRun() -> (SharedHandleLedger, SharedHandleLedger, SharedHandleLedger) {
        var a = SharedHandleLedger(), b = SharedHandleLedger(), thief = SharedHandleLedger()
        a.recordAllocation(1, pieces: 8, order: 4)
        a.recordOwnerFree(1, pieces: 8)
        a.recordAllocation(2, pieces: 3, order: 9)
        a.recordStolen(2)
        b.recordAllocation(3, pieces: 100, order: 0)
        b.recordOwnerFree(3, pieces: 100)
        b.recordAllocation(4, pieces: 5, order: 2)
        b.recordStolen(4)
        thief.recordThiefFree(2, pieces: 3)
        thief.recordThiefFree(4, pieces: 5)
        return (a, b, thief)
    }

    @Test func stolenHandlesBalance() {
        let (a, b, thief) = cleanRun()
        var all = a
        all.merge(b)
        all.merge(thief)
        let r = all.reconcile()
        #expect(r.problems.isEmpty, "\(r.problems)")
        #expect(r.handles == 4 && r.ownerFrees == 2 && r.thiefFrees == 2 && r.stolen == 2)
        #expect(r.pages == 8 * 16 + 3 * 512 + 100 + 5 * 4)
        #expect(r.ownerPages == 8 * 16 + 100 && r.thiefPages == 3 * 512 + 5 * 4)
        #expect(r.summary == "shared file: 4 handles, 1784 pages = 228 freed by their owners (2 FREEs) "
                + "+ 1556 by the thief (2 FREEs); owners found 2 handles stolen")
    }

    @Test func everyWayAHandleCanFailToAddUp() {
        func problems(_ change: (inout SharedHandleLedger) -> Void) -> [String] {
            let (a, b, thief) = cleanRun()
            var all = a
            all.merge(b)
            all.merge(thief)
            change(&all)
            return all.reconcile().problems.messages
        }
        // FREE succeeded for both the owner and the thief.
        #expect(problems { $0.recordOwnerFree(2, pieces: 3) }.contains {
            $0.hasPrefix("handle 2 freed twice")
        })
        // The thief freed a handle nobody was given.
        #expect(problems { $0.recordThiefFree(6, pieces: 1) }.contains {
            $0.hasPrefix("the thief freed handle 6")
        })
        // A handle freed short: its pages do not balance either.
        var short = SharedHandleLedger()
        short.recordAllocation(2, pieces: 3, order: 0)
        short.recordStolen(2)
        short.recordThiefFree(2, pieces: 2)
        #expect(short.reconcile().problems.messages == [
            "handle 2: the thief's FREE freed 2 of 3 pieces",
            "pages do not balance: 3 allocated, 0 freed by owners, 2 by the thief",
        ])
        // Gone without a FREE: the owner met ENOENT, the thief freed nothing.
        var vanished = SharedHandleLedger()
        vanished.recordAllocation(8, pieces: 1, order: 0)
        vanished.recordStolen(8)
        #expect(vanished.reconcile().problems.messages.first == "handle 8: its owner met ENOENT, but no FREE freed it")
        // Leaked: nobody freed it.
        var leaked = SharedHandleLedger()
        leaked.recordAllocation(9, pieces: 2, order: 1)
        #expect(leaked.reconcile().problems.messages.first == "handle 9 (2 pieces) was never freed")
        // The thief freed it and the owner never came back for it.
        var unnoticed = SharedHandleLedger()
        unnoticed.recordAllocation(10, pieces: 2, order: 1)
        unnoticed.recordThiefFree(10, pieces: 2)
        #expect(unnoticed.reconcile().problems.messages == ["handle 10: the thief freed it, its owner never noticed"])
    }

    @Test func anIdHandedOutTwiceIsCaughtAcrossThreads() {
        var a = SharedHandleLedger(), b = SharedHandleLedger()
        a.recordAllocation(5, pieces: 1, order: 0)
        a.recordOwnerFree(5, pieces: 1)
        b.recordAllocation(5, pieces: 1, order: 0)
        b.recordOwnerFree(5, pieces: 1)
        a.merge(b)
        let messages = a.reconcile().problems.messages
        #expect(messages.contains("ALLOC returned handle 5 twice"))
        #expect(messages.contains("the owners' FREE of handle 5 succeeded twice"))
    }

    @Test func corruptedCountsSaturateInsteadOfTrapping() {
        var l = SharedHandleLedger()
        l.recordAllocation(1, pieces: .max, order: 10)
        l.recordAllocation(2, pieces: .max, order: 0)
        l.recordOwnerFree(1, pieces: .max)
        l.recordOwnerFree(2, pieces: .max)
        let r = l.reconcile()
        #expect(r.pages == .max && r.ownerPages == .max)
    }

    @Test func combineReconcilesOwnersAndThief() throws {
        let (a, b, thief) = cleanRun()
        var sa = RaceStats(), sb = RaceStats()
        sa.allocs = 2; sa.frees = 1; sa.stolen = 1
        sb.allocs = 2; sb.frees = 1; sb.stolen = 1
        var t = ThiefStats()
        t.probes = 50; t.hits = 2; t.piecesFreed = 8
        var churn = PinChurnStats()
        churn.pins = 3
        let stats = RaceRunner.combine([.allocator(sa, a), .allocator(sb, b), .thief(t, thief), .pinChurn(churn)])
        #expect(stats.allocs == 4 && stats.frees == 2 && stats.stolen == 2)
        let ledger = try #require(stats.thief?.ledger)
        #expect(ledger.problems.isEmpty && ledger.stolen == 2 && ledger.thiefFrees == 2)
        #expect(stats.pinChurn?.pins == 3)
        #expect(stats.thief?.summary.hasPrefix("50 FREEs of ids just above the newest ALLOC, 2 hit (8 pieces); ")
                == true)
        // Without a thief nothing is reconciled, and nothing is claimed.
        #expect(RaceRunner.combine([.allocator(sa, a)]).thief == nil)
    }

    @Test func thePlanRunsTheThiefAndTheChurnAfterTheAllocators() throws {
        var p = try plan(threads: 3)
        #expect(p.threadCount == 5)
        #expect((0..<5).map { p.role(of: $0) } == [.allocator(0), .allocator(1), .allocator(2), .thief, .pinChurn])
        p.pinChurn = false
        #expect(p.threadCount == 4 && p.role(of: 3) == .thief)
        p.thief = false
        p.pinChurn = true
        #expect(p.threadCount == 4 && p.role(of: 3) == .pinChurn)
        p.pinChurn = false
        #expect(p.threadCount == 3)
    }

    /// /dev/null refuses the ioctl: the thief records it once and stops,
    /// rather than spinning until the deadline.
    @Test func aThiefOnAFileThatRefusesFreeStops() throws {
        let file = try ControlFile.open("/dev/null")
        let board = HandleBoard()
        board.publish(9)
        let plan = try plan(seconds: 30)
        let (stats, ledger) = file.withShared { RaceThief(plan: plan, shared: $0, board: board).run() }
        #expect(stats.probes == 1 && stats.hits == 0 && stats.surprises.count == 1)
        #expect(stats.surprises.messages.first?.hasPrefix("FREE of handle 10 on the shared file") == true)
        #expect(ledger == SharedHandleLedger())
    }

    @Test func aPinChurnOnAFileThatRefusesPinStopsAndStillUnpins() throws {
        let file = try ControlFile.open("/dev/null")
        let plan = try plan(seconds: 30)
        let stats = file.withShared { PinChurn(plan: plan, shared: $0, index: 3).run() }
        #expect(stats.pins == 0 && stats.unpins == 0 && stats.surprises.count == 2)
        #expect(stats.surprises.messages.last?.hasPrefix("the last PIN 0") == true)
    }

    @Test func pinAnswersThatCannotBeTrue() {
        #expect(PinChurn.problems(asked: 4, got: PinResult(pinned: 4, taken: 1, pinnedBlocks: 4)).isEmpty)
        #expect(PinChurn.problems(asked: 4, got: PinResult(pinned: 0, taken: 0, pinnedBlocks: 0)).isEmpty)
        #expect(PinChurn.problems(asked: 4, got: PinResult(pinned: 5, taken: 0, pinnedBlocks: 1))
                == ["PIN 4 pinned 5"])
        #expect(PinChurn.problems(asked: 4, got: PinResult(pinned: 2, taken: 3, pinnedBlocks: 1))
                == ["PIN 4: 3 pages taken of 2 pinned"])
        #expect(PinChurn.problems(asked: 4, got: PinResult(pinned: 2, taken: 0, pinnedBlocks: 3))
                == ["PIN 4: 2 pins in 3 pageblocks"])
        #expect(PinChurn.problems(asked: 4, got: PinResult(pinned: 2, taken: 0, pinnedBlocks: 0))
                == ["PIN 4: 2 pins in no pageblock"])
    }

    @Test func surprisesKeepAFewAndCountAll() {
        var s = Surprises()
        #expect(s.isEmpty && s.description == "none")
        for i in 0..<25 { s.add("oops \(i)") }
        #expect(s.count == 25 && s.messages.count == Surprises.keptMessages)
        var t = Surprises()
        t.add("first")
        t.add(s)
        #expect(t.count == 26 && t.messages.count == Surprises.keptMessages && t.messages[0] == "first")
        #expect(t.description.hasPrefix("26 unexpected: first; oops 0"))
    }
}
