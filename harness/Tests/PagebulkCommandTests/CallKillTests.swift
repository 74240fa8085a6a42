#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import PagebulkKit
import PagebulkReport
import Testing
@testable import pagebulk

/// The SIGKILL trials in the middle of VERIFY and PIN, and the empty-PIN
/// check: what the victims are told to do, what they say, when they are
/// killed, and where the PINs aim.
@Suite struct CallKillTests {
    func area(base: UInt64 = 262_144, pages: UInt64 = 128_000) throws -> ModuleInfo.CMAArea {
        try JSONText.decode(ModuleInfo.CMAArea.self,
                        from: #"{"index": 0, "name": "reserved", "basePFN": \#(base), "pages": \#(pages)}"#)
    }

    @Test func victimLinesRoundTrip() {
        let lines: [VictimLine] = [
            .allocating, .holding(handle: 3, pieces: 4096), .verified(pieces: 4096, stampMs: 1234, checkMs: 800, badPages: 0),
            .verifying, .pinning, .pinned(pins: 4096, taken: 2000, ms: 9000), .error("PIN: ioctl PIN: EINVAL"),
        ]
        for line in lines { #expect(VictimLine(line.text) == line, "\(line.text)") }
        // TeardownChecks reads the holding line as three words.
        #expect(VictimLine.holding(handle: 1, pieces: 256).text == "holding 1 256")
        #expect(VictimLine(nil) == .other(""))
        #expect(VictimLine("holding 1") == .other("holding 1"))
        #expect(VictimLine("holding x 2") == .other("holding x 2"))
        #expect(VictimLine("verified 1 2 3 -4") == .other("verified 1 2 3 -4"))
        #expect(VictimLine("pinned 1 2 3 4") == .other("pinned 1 2 3 4"))
        #expect(VictimLine("verifying now") == .other("verifying now"))
        #expect(VictimLine("error") == .other("error"))
        #expect(VictimLine("error x").isError && !VictimLine("pinning").isError)
    }

    /// The arguments the trials give `pagebulk hold` must parse as the
    /// victim parses them, with the numbers the trial meant.
    @Test func victimArgumentsParse() throws {
        let a = try area()
        let prefix = ["hold", "--control", ControlFile.defaultPath, "--cma", a.name]
        let verifyArgs = try #require(CallKillChecks.arguments(.verify, area: a))
        let verify = try #require(try PagebulkCommand.parseAsRoot(prefix + verifyArgs) as? HoldCommand)
        #expect(verify.activity == .verify && verify.verifyThreads == 2)
        #expect(verify.allocation.method == .rangeBulk && verify.allocation.order == 4
                && verify.allocation.count == 4096 && verify.allocation.mode == .normal)
        let pinArgs = try #require(CallKillChecks.arguments(.pin, area: a))
        let pin = try #require(try PagebulkCommand.parseAsRoot(prefix + pinArgs) as? HoldCommand)
        #expect(pin.activity == .pin && pin.pinCount == 4096)
        #expect(pin.allocation.start == 262_144 + 64_000 && pin.allocation.end == 262_144 + 128_000)
        #expect(pin.allocation.count == 64_000 / 16)
        // A small area: fewer pieces, fewer pins, never more than it holds.
        let small = try area(pages: 2048)
        #expect(CallKillChecks.arguments(.verify, area: small)?.contains("128") == true)
        let smallPin = try #require(CallKillChecks.arguments(.pin, area: small))
        let parsed = try #require(try PagebulkCommand.parseAsRoot(prefix + smallPin) as? HoldCommand)
        #expect(parsed.pinCount == 2048 && parsed.allocation.start == 262_144 + 1024 && parsed.allocation.count == 64)
        // Too small for any order-4 piece: no victim, not a trap.
        #expect(CallKillChecks.arguments(.verify, area: try area(pages: 15)) == nil)
        #expect(CallKillChecks.arguments(.pin, area: try area(pages: 0)) == nil)
        #expect(CallKillChecks.pinVictimRange(try area(base: .max - 10_000, pages: 4096))
                == (UInt64.max - 10_000 + 2048)..<(UInt64.max - 10_000 + 4096))
        #expect(CallKillChecks.pinVictimRange(try area(base: .max - 10, pages: 4096)) == nil)
    }

    @Test func trialsAlternateVerifyFirst() {
        #expect((0..<4).map(CallKillChecks.call(forTrial:)) == [.verify, .pin, .verify, .pin])
    }

    @Test func theVerifyKillLandsInsideAPass() {
        for random in [UInt64(0), 1, 499, 500, 12345, .max] {
            let d = CallKillChecks.verifyKillDelayMs(passMs: 2000, random: random)
            #expect(d >= 500 && d < 1500, "\(d)")
        }
        #expect(CallKillChecks.verifyKillDelayMs(passMs: 0, random: .max) == 50)
        #expect(CallKillChecks.verifyKillDelayMs(passMs: .max, random: .max) < 600_000)
        for random in [UInt64(0), 1199, 1200, .max] {
            let d = CallKillChecks.pinKillDelayMs(random: random)
            #expect(d >= 300 && d < 1500)
        }
    }

    @Test func holdRefusesWhatTheModuleWouldRefuse() {
        let hold = ["hold", "--method", "range-bulk", "--count", "8", "--cma", "reserved"]
        #expect(throws: (any Error).self) { try PagebulkCommand.parseAsRoot(hold + ["--verify-threads", "0"]) }
        #expect(throws: (any Error).self) { try PagebulkCommand.parseAsRoot(hold + ["--pin-count", "0"]) }
        #expect(throws: (any Error).self) { try PagebulkCommand.parseAsRoot(hold + ["--pin-count", "4097"]) }
        #expect(throws: (any Error).self) { try PagebulkCommand.parseAsRoot(hold + ["--then", "sleep"]) }
        #expect(throws: (any Error).self) {
            try PagebulkCommand.parseAsRoot(["hold", "--method", "alloc-pages", "--count", "8", "--then", "pin"])
        }
        let plain = try? PagebulkCommand.parseAsRoot(["hold", "--method", "alloc-pages", "--count", "8"]) as? HoldCommand
        #expect(plain?.activity == .hold)
    }

    /// PIN of one page aims at the area's centre; the check holds the
    /// pageblock around it.
    @Test func theCentrePageblock() throws {
        let block = try #require(EmptyPinCheck.centreBlock(of: try area(), pageblockOrder: 9))
        #expect(block == (262_144 + 64_000)..<(262_144 + 64_512))
        #expect(block.contains(262_144 + 64_000) && block.lowerBound % 512 == 0)
        // Not pageblock-aligned: still the block holding the centre, if inside.
        let odd = try #require(EmptyPinCheck.centreBlock(of: try area(base: 1000, pages: 4096), pageblockOrder: 9))
        #expect(odd == 2560..<3072 && odd.contains(1000 + 2048))
        #expect(EmptyPinCheck.centreBlock(of: try area(base: 1000, pages: 500), pageblockOrder: 9) == nil)
        #expect(EmptyPinCheck.centreBlock(of: try area(pages: 0), pageblockOrder: 9) == nil)
        #expect(EmptyPinCheck.centreBlock(of: try area(), pageblockOrder: 64) == nil)
        #expect(EmptyPinCheck.centreBlock(of: try area(base: .max - 600, pages: 600), pageblockOrder: 9) == nil)
    }

    @Test func basePagesSaturate() {
        #expect(UInt64(4096).basePages(order: 4) == 65_536)
        #expect(UInt64(0).basePages(order: 200) == 0)
        #expect(UInt64(1).basePages(order: 63) == 1 << 63)
        #expect(UInt64(2).basePages(order: 63) == .max)
        #expect(UInt64(1).basePages(order: 64) == .max)
        #expect(UInt64.max.basePages(order: 0) == .max)
    }
}
